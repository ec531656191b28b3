import Foundation

/// Unicode normalisation and case folding into an array of scalars.
///
/// Nearly every profile is ASCII plus precomposed Hangul, so the fast path folds ASCII case and
/// full-width forms itself; only text with other scalars (decomposed jamo, accented letters,
/// compatibility characters) goes through Foundation's NFKC once per text, never per token.
enum Normalizer {
    static func scalars(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                out.append(v >= 0x41 && v <= 0x5A ? v + 0x20 : v)
            } else if v >= 0xAC00 && v <= 0xD7A3 {
                out.append(v)
            } else if v >= 0xFF01 && v <= 0xFF5E {
                // 전각 → 반각 (NFKC maps full-width ASCII to ASCII).
                let h = v - 0xFEE0
                out.append(h >= 0x41 && h <= 0x5A ? h + 0x20 : h)
            } else if v == 0x3000 || v == 0x00A0 {
                out.append(0x20)
            } else if v == 0x00B7 || v == 0x2027 || v == 0x30FB || (v >= 0x2010 && v <= 0x2015) || (v >= 0x2018 && v <= 0x201F) {
                // middle dots, dashes and quotes are plain separators for us
                out.append(0x20)
            } else {
                return slowPath(text)
            }
        }
        return out
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
