import Foundation
import IeumCore
import Plot

/// Form building blocks: each input has a label, its error sits next to it and is tied to it
/// with `aria-describedby`, and the value the person typed is shown back.
enum FormKit {
    /// Attribute values are escaped where they are written (`HTMLEscape`, Views/HTMLEscaping.swift);
    /// pass plain values. Kept for code written before that, and returns its argument unchanged.
    @available(*, deprecated, message: "Attribute values are escaped by HTMLEscaping.swift; pass the plain value.")
    static func attr(_ value: String) -> String { value }

    static func csrf(_ context: PageContext) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .name(CSRFMiddleware.fieldName), .value(context.csrfToken))
    }

    /// `domID` is the element id when a page holds several forms with the same field names.
    static func error(_ field: String, _ errors: FieldErrors, _ context: PageContext, domID: String? = nil) -> Node<HTML.FormContext> {
        .unwrap(errors[field]) { message in
            .p(.class("field-error"), .id("\(domID ?? field)-error"), .text(context.t(message)))
        }
    }

    static func describedBy(_ field: String, _ errors: FieldErrors, hint: Bool = false, domID: String? = nil) -> Attribute<HTML.InputContext> {
        let base = domID ?? field
        var ids: [String] = []
        if errors[field] != nil { ids.append("\(base)-error") }
        if hint { ids.append("\(base)-hint") }
        return ids.isEmpty ? .attribute(named: "data-field", value: field) : .attribute(named: "aria-describedby", value: ids.joined(separator: " "))
    }

    static func text(
        _ field: String, label: String, value: String, errors: FieldErrors, context: PageContext,
        type: HTMLInputType = .text, required: Bool = false, hint: String? = nil, autocomplete: String? = nil, id domID: String? = nil
    ) -> Node<HTML.FormContext> {
        let id = domID ?? field
        return .div(
            .class(errors[field] == nil ? "field" : "field has-error"),
            .label(.for(id), .text(label), .if(required, .span(.class("req"), .attribute(named: "aria-hidden", value: "true"), .text(" *")))),
            .unwrap(hint) { .p(.class("hint"), .id("\(id)-hint"), .text($0)) },
            .input(
                .type(type), .id(id), .name(field), .value(value),
                required ? .required(true) : .empty,
                .attribute(named: "aria-invalid", value: errors[field] != nil ? "true" : nil),
                .attribute(named: "autocomplete", value: autocomplete),
                describedBy(field, errors, hint: hint != nil, domID: id)
            ),
            error(field, errors, context, domID: id)
        )
    }

    static func textarea(_ field: String, label: String, value: String, errors: FieldErrors, context: PageContext, rows: Int = 5) -> Node<HTML.FormContext> {
        .div(
            .class(errors[field] == nil ? "field" : "field has-error"),
            .label(.for(field), .text(label)),
            .textarea(
                .id(field), .name(field), .rows(rows),
                .if(errors[field] != nil, .attribute(named: "aria-invalid", value: "true")),
                .if(errors[field] != nil, .attribute(named: "aria-describedby", value: "\(field)-error")),
                .text(value)
            ),
            error(field, errors, context)
        )
    }

    static func select(
        _ field: String, label: String, options: [(value: String, label: String)], selected: String,
        errors: FieldErrors, context: PageContext, includeEmpty: String? = nil, required: Bool = false
    ) -> Node<HTML.FormContext> {
        .div(
            .class(errors[field] == nil ? "field" : "field has-error"),
            .label(.for(field), .text(label), .if(required, .span(.class("req"), .attribute(named: "aria-hidden", value: "true"), .text(" *")))),
            selectElement(field, options: options, selected: selected, includeEmpty: includeEmpty, invalid: errors[field] != nil, required: required),
            error(field, errors, context)
        )
    }

    static func selectElement(_ field: String, options: [(value: String, label: String)], selected: String, includeEmpty: String?, invalid: Bool = false, required: Bool = false) -> Node<HTML.FormContext> {
        .select(
            .id(field), .attribute(named: "name", value: field),
            .if(invalid, .attribute(named: "aria-invalid", value: "true")),
            .if(invalid, .attribute(named: "aria-describedby", value: "\(field)-error")),
            .if(required, .attribute(named: "required", value: "required")),
            .unwrap(includeEmpty) { option(value: "", label: $0, selected: selected.isEmpty) },
            .forEach(options) { item in
                option(value: item.value, label: item.label, selected: item.value == selected)
            }
        )
    }

    /// `<option>` with visible text (Plot's own takes attributes only).
    static func option(value: String, label: String, selected: Bool) -> Node<HTML.SelectContext> {
        .element(named: "option", nodes: [
            // An empty value must still be written, or the browser submits the label ("전체") instead.
            .attribute(named: "value", value: value, ignoreIfValueIsEmpty: false),
            selected ? .attribute(named: "selected", value: "selected") : .empty,
            .text(label),
        ])
    }

    /// A group of checkboxes in a fieldset with a legend.
    static func checkboxes(
        _ field: String, legend: String, options: [(value: String, label: String)], checked: Set<String>,
        errors: FieldErrors, context: PageContext
    ) -> Node<HTML.FormContext> {
        .fieldset(
            .class(errors[field] == nil ? "field checkbox-group" : "field checkbox-group has-error"),
            .element(named: "legend", text: legend),
            .div(.class("checkbox-grid"), .forEach(options.enumerated()) { index, option in
                .label(
                    .class("checkbox"),
                    .input(.type(.checkbox), .name("\(field)[]"), .value(option.value), .id("\(field)-\(index)"), .checked(checked.contains(option.value))),
                    .text(" " + option.label)
                )
            }),
            error(field, errors, context)
        )
    }

    /// A one-button form that posts to `action` (with the CSRF token and any hidden fields).
    static func actionButton(_ action: String, _ label: String, _ context: PageContext, secondary: Bool = false,
                             hidden: [(String, String)] = [], confirm: String? = nil) -> Node<HTML.BodyContext> {
        .form(.class("inline-form"), .action(action), .method(.post),
              csrf(context),
              .forEach(hidden) { .input(.type(.hidden), .name($0.0), .value($0.1)) },
              .button(.type(.submit), .class(secondary ? "button secondary" : "button"),
                      .unwrap(confirm) { .attribute(named: "data-confirm", value: $0) }, .text(label)))
    }

    static func submit(_ label: String) -> Node<HTML.FormContext> {
        .div(.class("actions"), .button(.type(.submit), .class("primary"), .text(label)))
    }
}
