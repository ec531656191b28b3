import Foundation

/// The posted forms of a page, read from the markup Plot writes (every attribute value in double
/// quotes, escaped by HTMLEscaping.swift), so a small tag scanner is enough: no browser needed.
struct ScannedForm {
    struct Button {
        var name: String?
        var value: String?
        var confirm: String?
        /// `formaction`: the button posts to another route than its form.
        var formAction: String?
    }

    struct Option {
        var value: String
        var label: String
        var selected: Bool
        var confirm: String?
    }

    struct Select {
        var name: String
        var required: Bool
        var options: [Option] = []
        /// What the browser submits untouched: the option marked selected, else the first.
        var initialValue: String? { (options.last { $0.selected } ?? options.first)?.value }
    }

    struct Input {
        var type: String
        var name: String
        var value: String
        var confirm: String?
    }

    var action: String
    var confirm: String?
    var inputs: [Input] = []
    var buttons: [Button] = []
    var selects: [Select] = []

    /// Every posted form of `html`, and the page's language (`<html lang>`).
    static func scan(_ html: String) -> (language: String, forms: [ScannedForm]) {
        var language = ""
        var forms: [ScannedForm] = []
        var form: ScannedForm?
        var select: ScannedForm.Select?
        var openOption: (attributes: [String: String], textStart: String.Index)?
        for match in html.matches(of: tagPattern) {
            let closing = !match.output.1.isEmpty
            let name = match.output.2.lowercased()
            let attributes = Self.attributes(String(match.output.3))
            if let option = openOption, name == "option" || name == "select" {
                let label = decode(String(html[option.textStart..<match.range.lowerBound])).trimmingCharacters(in: .whitespacesAndNewlines)
                select?.options.append(Option(value: option.attributes["value"] ?? label, label: label,
                                              selected: option.attributes["selected"] != nil, confirm: option.attributes["data-confirm"]))
                openOption = nil
            }
            switch (name, closing) {
            case ("html", false):
                language = attributes["lang"] ?? ""
            case ("form", false):
                form = (attributes["method"] ?? "").lowercased() == "post" ? ScannedForm(action: attributes["action"] ?? "", confirm: attributes["data-confirm"]) : nil
            case ("form", true):
                if let form { forms.append(form) }
                form = nil
            case ("input", false):
                let type = (attributes["type"] ?? "text").lowercased()
                if type == "submit" {
                    form?.buttons.append(Button(name: attributes["name"], value: attributes["value"], confirm: attributes["data-confirm"], formAction: attributes["formaction"]))
                } else if let field = attributes["name"] {
                    form?.inputs.append(Input(type: type, name: field, value: attributes["value"] ?? "", confirm: attributes["data-confirm"]))
                }
            case ("button", false):
                if (attributes["type"] ?? "submit").lowercased() == "submit" {
                    form?.buttons.append(Button(name: attributes["name"], value: attributes["value"], confirm: attributes["data-confirm"], formAction: attributes["formaction"]))
                }
            case ("select", false):
                select = Select(name: attributes["name"] ?? "", required: attributes["required"] != nil)
            case ("select", true):
                if let select { form?.selects.append(select) }
                select = nil
            case ("option", false):
                openOption = (attributes, match.range.upperBound)
            default:
                break
            }
        }
        return (language, forms)
    }

    nonisolated(unsafe) static let tagPattern = try! Regex(#"<(/?)([a-zA-Z]+)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*/?>"#,
                                                           as: (Substring, Substring, Substring, Substring).self)
    nonisolated(unsafe) static let attributePattern = try! Regex(#"([^\s="]+)(?:="([^"]*)")?"#, as: (Substring, Substring, Substring?).self)

    static func attributes(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for match in text.matches(of: attributePattern) {
            out[String(match.output.1).lowercased()] = match.output.2.map { decode(String($0)) } ?? ""
        }
        return out
    }

    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
