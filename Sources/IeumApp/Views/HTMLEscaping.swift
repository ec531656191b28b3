import Foundation
import IeumCore
import Plot

/// The one escaping path for what Ieum writes into markup.
///
/// Plot escapes text nodes but writes attribute values exactly as given (`name="value"`), so a
/// name like `" onmouseover="x` or `"><meta …>` would end the attribute. Every attribute writer
/// of Plot that takes text is redefined below with the same signature; declarations of this
/// module shadow those of the modules it imports, so every `.href(…)`, `.value(…)`, `.title(…)`,
/// `.attribute(named:value:)` … in Ieum's views goes through `HTMLEscape.markup`. Views pass plain
/// values and never escape themselves. `HTMLEscapingTests` renders each writer with a hostile value
/// and reads the sources for raw `Attribute(…)`, `.raw(…)` and Plot's unescaped head components.
enum HTMLEscape {
    /// An attribute value or text inside hand-built SVG: `& " ' < >` as character references, and
    /// control characters other than tab and line breaks (which HTML and XML may not hold) dropped.
    static func markup(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func attribute<C>(_ name: String, _ value: String?, ignoreIfValueIsEmpty: Bool = true) -> Attribute<C> {
        Attribute(name: name, value: value.map(markup), ignoreIfValueIsEmpty: ignoreIfValueIsEmpty)
    }

    static func node<C>(_ name: String, _ value: String?, ignoreIfValueIsEmpty: Bool = true) -> Node<C> {
        .attribute(attribute(name, value, ignoreIfValueIsEmpty: ignoreIfValueIsEmpty))
    }

    /// A document that writes `value` through every writer below, resolved here as the views
    /// resolve them. Outside this module the two declarations are ambiguous rather than shadowed,
    /// so the test that pins the shadowing renders this.
    static func everyWriter(_ v: String) -> String {
        let head: Node<HTML.DocumentContext> = .head(.title(v), .meta(.name(v), .content(v), .property(v)),
                                                     .link(.rel(.stylesheet), .href(v), .sizes(v), .color(v), .integrity(v)))
        let anchor: Node<HTML.BodyContext> = .a(.href(v), .id(v), .class(v), .title(v), .data(named: "x", value: v),
                                                .attribute(named: "aria-label", value: v), .text("a"))
        let div: Node<HTML.BodyContext> = .div(.id(v), .class(v), .title(v), .style(v), .ariaLabel(v), .ariaControls(v), .data(named: "y", value: v))
        let img: Node<HTML.BodyContext> = .img(.src(v), .alt(v), .title(v), .id(v), .class(v))
        let script: Node<HTML.BodyContext> = .script(.src(v), .integrity(v))
        let time: Node<HTML.BodyContext> = .time(.datetime(v))
        let input: Node<HTML.FormContext> = .input(.name(v), .value(v), .placeholder(v), .id(v), .class(v), .title(v),
                                                   .attribute(named: "aria-label", value: v))
        let label: Node<HTML.FormContext> = .label(.for(v), .text("l"))
        let textarea: Node<HTML.FormContext> = .textarea(.name(v), .placeholder(v), .id(v), .class(v))
        let button: Node<HTML.FormContext> = .button(.name(v), .value(v), .text("b"))
        let select: Node<HTML.FormContext> = .select(.option(.value(v), .label(v)))
        let form: Node<HTML.BodyContext> = .form(.action(v), input, label, textarea, button, select)
        let custom: Node<HTML.BodyContext> = .element(named: "x-custom", nodes: [.attribute(named: "data-z", value: v, ignoreIfValueIsEmpty: false)])
        return HTML(head, .body(anchor, div, img, script, time, form, custom)).render()
    }
}

/// Markup built by hand (the inline SVG charts). Written as a string literal whose literal parts
/// are the builder's own markup and whose interpolations are escaped: a `String` goes through
/// `HTMLEscape.markup`, an integer is written as is, another `TrustedMarkup` is appended. It enters
/// a page only through `Node.trusted`, so `.raw(…)` appears nowhere else.
struct TrustedMarkup: ExpressibleByStringInterpolation, Sendable, Equatable {
    private(set) var html: String

    init(stringLiteral value: String) { html = value }
    init(stringInterpolation: StringInterpolation) { html = stringInterpolation.html }

    struct StringInterpolation: StringInterpolationProtocol {
        var html = ""
        init(literalCapacity: Int, interpolationCount: Int) { html.reserveCapacity(literalCapacity * 2) }
        mutating func appendLiteral(_ literal: String) { html += literal }
        mutating func appendInterpolation(_ text: String) { html += HTMLEscape.markup(text) }
        mutating func appendInterpolation<N: BinaryInteger>(_ number: N) { html += String(number) }
        mutating func appendInterpolation(_ markup: TrustedMarkup) { html += markup.html }
    }

    static func + (lhs: TrustedMarkup, rhs: TrustedMarkup) -> TrustedMarkup { "\(lhs)\(rhs)" }
    static func += (lhs: inout TrustedMarkup, rhs: TrustedMarkup) { lhs.html += rhs.html }
}

extension Node {
    /// Hand-built markup whose every interpolated piece `TrustedMarkup` escaped.
    static func trusted(_ markup: TrustedMarkup) -> Node { .raw(markup.html) }
}

/// A link a person set (a website, a video room): an `<a>` when it is a valid `WebLink`, else the
/// text alone, so an address stored before the check, or imported, never becomes a `javascript:`
/// or broken-out `href`.
extension Node where Context: HTML.BodyContext {
    static func externalLink(_ url: String, text: String? = nil) -> Node {
        guard let link = WebLink.parse(url) else { return .text(text ?? url) }
        return .element(named: "a", nodes: [
            HTMLEscape.node("href", link), HTMLEscape.node("rel", "noopener noreferrer nofollow"),
            .text(text ?? link),
        ])
    }
}

// MARK: Plot's attribute writers, escaped (same signatures, so these are the ones views call)

extension Attribute {
    static func attribute(named name: String, value: String?) -> Attribute { HTMLEscape.attribute(name, value) }
}

extension Node {
    static func attribute(named name: String, value: String?, ignoreIfValueIsEmpty: Bool = true) -> Node {
        HTMLEscape.node(name, value, ignoreIfValueIsEmpty: ignoreIfValueIsEmpty)
    }
}

extension Attribute where Context: HTMLContext {
    static func id(_ id: String) -> Attribute { HTMLEscape.attribute("id", id) }
    static func `class`(_ className: String) -> Attribute { HTMLEscape.attribute("class", className) }
    static func data(named name: String, value: String) -> Attribute { HTMLEscape.attribute("data-\(HTMLEscape.markup(name))", value) }
    static func title(_ title: String) -> Attribute { HTMLEscape.attribute("title", title) }
}

extension Node where Context: HTMLContext {
    static func id(_ id: String) -> Node { HTMLEscape.node("id", id) }
    static func `class`(_ className: String) -> Node { HTMLEscape.node("class", className) }
    static func data(named name: String, value: String) -> Node { HTMLEscape.node("data-\(HTMLEscape.markup(name))", value) }
    static func title(_ title: String) -> Node { HTMLEscape.node("title", title) }
}

extension Attribute where Context: HTMLNamableContext {
    static func name(_ name: String) -> Attribute { HTMLEscape.attribute("name", name) }
}

extension Node where Context: HTMLNamableContext {
    static func name(_ name: String) -> Node { HTMLEscape.node("name", name) }
}

extension Attribute where Context == HTML.MetaContext {
    static func property(_ property: String) -> Attribute { HTMLEscape.attribute("property", property) }
    static func content(_ content: String) -> Attribute { HTMLEscape.attribute("content", content) }
}

extension Attribute where Context: HTMLTypeContext {
    static func type(_ type: String) -> Attribute { HTMLEscape.attribute("type", type) }
}

extension Attribute where Context: HTMLValueContext {
    static func value(_ value: String) -> Attribute { HTMLEscape.attribute("value", value) }
}

extension Node where Context: HTMLValueContext {
    static func value(_ value: String) -> Node { HTMLEscape.node("value", value) }
}

extension Attribute where Context == HTML.LinkContext {
    static func sizes(_ sizes: String) -> Attribute { HTMLEscape.attribute("sizes", sizes) }
    static func color(_ color: String) -> Attribute { HTMLEscape.attribute("color", color) }
}

extension Attribute where Context: HTMLLinkableContext {
    static func href(_ url: URLRepresentable) -> Attribute { HTMLEscape.attribute("href", url.description) }
}

extension Node where Context: HTMLLinkableContext {
    static func href(_ url: URLRepresentable) -> Node { HTMLEscape.node("href", url.description) }
}

extension Node where Context == HTML.TimeContext {
    static func datetime(_ datetime: String) -> Node { HTMLEscape.node("datetime", datetime) }
}

extension Attribute where Context: HTMLSourceContext {
    static func src(_ url: URLRepresentable) -> Attribute { HTMLEscape.attribute("src", url.description) }
}

extension Node where Context: HTMLSourceContext {
    static func src(_ url: URLRepresentable) -> Node { HTMLEscape.node("src", url.description) }
}

extension Attribute where Context == HTML.ObjectContext {
    static func data(_ url: URLRepresentable) -> Attribute { HTMLEscape.attribute("data", url.description) }
}

extension Node where Context == HTML.ObjectContext {
    static func data(_ url: URLRepresentable) -> Node { HTMLEscape.node("data", url.description) }
}

extension Attribute where Context == HTML.PictureSourceContext {
    static func srcset(_ set: String) -> Attribute { HTMLEscape.attribute("srcset", set) }
    static func media(_ query: String) -> Attribute { HTMLEscape.attribute("media", query) }
    static func type(_ type: String) -> Attribute { HTMLEscape.attribute("type", type) }
}

extension Node where Context == HTML.FormContext {
    static func action(_ url: URLRepresentable) -> Node { HTMLEscape.node("action", url.description) }
}

extension Node where Context == HTML.LabelContext {
    static func `for`(_ target: String) -> Node { HTMLEscape.node("for", target) }
}

extension Attribute where Context == HTML.InputContext {
    static func placeholder(_ placeholder: String) -> Attribute { HTMLEscape.attribute("placeholder", placeholder) }
}

extension Node where Context == HTML.TextAreaContext {
    static func placeholder(_ placeholder: String) -> Node { HTMLEscape.node("placeholder", placeholder) }
}

extension Attribute where Context == HTML.OptionContext {
    static func label(_ label: String) -> Attribute { HTMLEscape.attribute("label", label, ignoreIfValueIsEmpty: false) }
}

extension Node where Context: HTMLStylableContext {
    static func style(_ css: String) -> Node { HTMLEscape.node("style", css) }
}

extension Attribute where Context == HTML.ImageContext {
    static func alt(_ text: String) -> Attribute { HTMLEscape.attribute("alt", text) }
}

extension Node where Context: HTML.BodyContext {
    static func ariaLabel(_ label: String) -> Node { HTMLEscape.node("aria-label", label) }
    static func ariaControls(_ child: String) -> Node { HTMLEscape.node("aria-controls", child) }
}

extension Attribute where Context: HTMLIntegrityContext {
    static func integrity(_ hash: String) -> Attribute { HTMLEscape.attribute("integrity", hash) }
}

extension Node where Context: HTMLIntegrityContext {
    static func integrity(_ hash: String) -> Node { HTMLEscape.node("integrity", hash) }
}

extension Node where Context == HTML.HeadContext {
    /// Plot's own copies the title into `og:title` / `twitter:title` attributes unescaped; this
    /// writes only the `<title>` element, whose text Plot escapes.
    static func title(_ title: String) -> Node { .element(named: "title", text: title) }
}
