import Foundation

/// The `Content-Disposition` of a download (RFC 6266): `filename` in plain ASCII without quotes,
/// backslashes or control characters, and the full name (Korean, an uploader's original name) as
/// UTF-8 percent-encoded `filename*` (RFC 8187), so no name a person chose can end the header
/// value, add a parameter or start a header line.
enum ContentDisposition {
    /// RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~".
    static let attrChars = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")

    static func attachment(fallback: String, fullName: String) -> String {
        let ascii = String(fallback.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" && $0 != ";" }.map(Character.init))
        let cleanFull = String(fullName.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
        let encoded = cleanFull.addingPercentEncoding(withAllowedCharacters: attrChars) ?? ""
        return "attachment; filename=\"\(ascii.isEmpty ? "file" : ascii)\"" + (encoded.isEmpty ? "" : "; filename*=UTF-8''\(encoded)")
    }
}
