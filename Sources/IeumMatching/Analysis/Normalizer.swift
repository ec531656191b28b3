import Foundation

/// Unicode normalisation and case folding into an array of scalars.
///
/// Nearly every profile is ASCII plus precomposed Hangul, so the fast path folds ASCII case and
/// full-width forms itself; only text with other scalars (decomposed jamo, accented letters,
/// compatibility characters) goes through Foundation's NFKC once per text, never per token.
enum Normalizer {
    static func scalars(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        scalars(text, into: &out)
        return out
    }

    /// The folded scalars of `text` into `out` (emptied first; its capacity is reused). Native
    /// strings are decoded straight from their UTF-8 bytes.
    static func scalars(_ text: String, into out: inout [UInt32]) {
        let decoded: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let n = bytes.count
            return out.overwrite(upTo: n) { out in
                var i = 0, k = 0
                while i < n {
                    // A Swift string's storage is valid UTF-8.
                    let b0 = UInt32(bytes[i])
                    let v: UInt32
                    if b0 < 0x80 {
                        v = b0; i += 1
                    } else if b0 < 0xE0 {
                        v = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); i += 2
                    } else if b0 < 0xF0 {
                        v = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); i += 3
                    } else {
                        v = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F); i += 4
                    }
                    guard let folded = fold(v) else { return nil }
                    out[k] = folded
                    k += 1
                }
                return k
            }
        }
        switch decoded {
        case true?: return
        case false?: break
        case nil:
            out.removeAll(keepingCapacity: true)
            var simple = true
            for scalar in text.unicodeScalars {
                guard let folded = fold(scalar.value) else { simple = false; break }
                out.append(folded)
            }
            if simple { return }
        }
        out = slowPath(text)
    }

    /// ASCII case, full-width forms and separators folded; nil for a scalar that needs NFKC.
    @inline(__always) private static func fold(_ v: UInt32) -> UInt32? {
        if v < 0x80 {
            return v >= 0x41 && v <= 0x5A ? v + 0x20 : v
        } else if v >= 0xAC00 && v <= 0xD7A3 {
            return v
        } else if v >= 0xFF01 && v <= 0xFF5E {
            // 전각 → 반각 (NFKC maps full-width ASCII to ASCII).
            let h = v - 0xFEE0
            return h >= 0x41 && h <= 0x5A ? h + 0x20 : h
        } else if v == 0x3000 || v == 0x00A0 {
            return 0x20
        } else if v == 0x00B7 || v == 0x2027 || v == 0x30FB || (v >= 0x2010 && v <= 0x2015) || (v >= 0x2018 && v <= 0x201F) {
            // middle dots, dashes and quotes are plain separators for us
            return 0x20
        }
        return nil
    }

    private static func slowPath(_ text: String) -> [UInt32] {
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        var out: [UInt32] = []
        out.reserveCapacity(folded.utf8.count)
        for scalar in folded.unicodeScalars {
            let v = scalar.value
            if v == 0x3000 || v == 0x00A0 || v == 0x00B7 || v == 0x30FB || v == 0x2027 { out.append(0x20) } else { out.append(v) }
        }
        return out
    }

    @inline(__always) static func isHangul(_ v: UInt32) -> Bool { v >= 0xAC00 && v <= 0xD7A3 }
    @inline(__always) static func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }
    @inline(__always) static func isLatin(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) }
        if isHangul(v) { return false }
        // Other letters (accented Latin, Greek, kana, Han) are treated as word characters.
        guard let s = Unicode.Scalar(v) else { return false }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }
    /// Characters that do not end a word for phrase matching: `smart-factory`, `a/b`, `5·G`.
    @inline(__always) static func isJoiner(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x2D || v == 0x5F || v == 0x2E || v == 0x09
    }

    static func string(_ scalars: ArraySlice<UInt32>) -> String {
        var s = String.UnicodeScalarView()
        for v in scalars { if let u = Unicode.Scalar(v) { s.append(u) } }
        return String(s)
    }
}

extension Array where Element: FixedWidthInteger {
    /// Replaces the contents, keeping the capacity, with the first elements of an `upTo`-long
    /// buffer that `write` fills; `write` returns how many it wrote, or nil to give up (then the
    /// array is left empty and the result is false).
    @inline(__always) mutating func overwrite(upTo count: Int, _ write: (UnsafeMutableBufferPointer<Element>) -> Int?) -> Bool {
        removeAll(keepingCapacity: true)
        append(contentsOf: repeatElement(0, count: count))
        guard let written = withUnsafeMutableBufferPointer({ write($0) }) else {
            removeAll(keepingCapacity: true)
            return false
        }
        removeLast(count - written)
        return true
    }
}
