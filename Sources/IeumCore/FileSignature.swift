import Foundation

/// The kinds of file a proposal may carry, recognised by their bytes, not their names.
public enum DocumentKind: String, Sendable, CaseIterable, Codable {
    case pdf, docx, pptx, hwp, hwpx, png, jpeg

    /// File-name extensions that belong to the kind.
    public var extensions: [String] {
        switch self {
        case .pdf: ["pdf"]
        case .docx: ["docx"]
        case .pptx: ["pptx"]
        case .hwp: ["hwp"]
        case .hwpx: ["hwpx"]
        case .png: ["png"]
        case .jpeg: ["jpg", "jpeg"]
        }
    }

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .hwp: "application/x-hwp"
        case .hwpx: "application/hwp+zip"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    /// Reads the kind from the first bytes (and, for ZIP and OLE containers, the names of the parts
    /// inside). nil for anything else: executables, scripts, HTML, a renamed file of another kind.
    public static func detect(_ bytes: [UInt8]) -> DocumentKind? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            // Office Open XML and HWPX are ZIP archives; the part names sit in clear text in the
            // local headers near the start.
            let window = Array(bytes.prefix(1 << 20))
            if contains(window, "application/hwp+zip") || contains(window, "Contents/section0.xml") { return .hwpx }
            if contains(window, "word/document.xml") || contains(window, "word/_rels") { return .docx }
            if contains(window, "ppt/presentation.xml") || contains(window, "ppt/slides/") { return .pptx }
            return nil
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // HWP 5 is an OLE compound file whose FileHeader stream begins "HWP Document File";
            // old .doc/.ppt files share the container and are refused.
            let window = Array(bytes.prefix(1 << 20))
            if contains(window, "HWP Document File") { return .hwp }
            return nil
        }
        return nil
    }

    static func contains(_ haystack: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first && Array(haystack[i..<(i + needle.count)]) == needle { return true }
            i += 1
        }
        return false
    }

    /// The kind a file name claims by its extension.
    public static func claimed(byName name: String) -> DocumentKind? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return allCases.first { $0.extensions.contains(ext) }
    }
}
