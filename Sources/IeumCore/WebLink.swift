import Foundation

/// A link a person sets and others follow: an organisation's website, a meeting table's video
/// room, a network event's online link. It must be an `https` URL with a host and no user name,
/// and it may hold no quotes, spaces, angle brackets, backslashes or control characters, so that
/// it cannot run script (`javascript:`), end an HTML attribute or start a new calendar line.
public enum WebLink {
    public static let maxLength = 2_000

    /// The field error for an address that is not such a link.
    public static let problem = Localized(
        "https:// 로 시작하는 올바른 주소를 입력하세요. 따옴표, 공백, 제어 문자는 쓸 수 없습니다.",
        "Enter a valid address starting with https://, without quotes, spaces or control characters.")

    /// The trimmed address when it is a valid link; nil otherwise.
    public static func parse(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.utf8.count <= maxLength else { return nil }
        var ascii = ""
        for scalar in text.unicodeScalars {
            if scalar.value <= 0x20 || scalar.value == 0x7F || "\"'<>\\`{}|^".unicodeScalars.contains(scalar) { return nil }
            if scalar.isASCII {
                ascii.unicodeScalars.append(scalar)
                continue
            }
            switch scalar.properties.generalCategory {
            case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
                return nil
            default:
                // Korean paths and host names are checked in their percent-encoded form.
                ascii += String(scalar).addingPercentEncoding(withAllowedCharacters: []) ?? ""
            }
        }
        guard let parts = URLComponents(string: ascii), parts.scheme?.lowercased() == "https",
              let host = parts.percentEncodedHost, !host.isEmpty, parts.user == nil, parts.password == nil,
              ascii.lowercased().hasPrefix("https://")
        else { return nil }
        return text
    }

    /// True when `raw` is a valid link as it stands (already trimmed).
    public static func isValid(_ raw: String) -> Bool { parse(raw) == raw }
}
