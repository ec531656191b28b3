import Vapor

/// A capability's input that a page's form fills directly: each property is the form field of the
/// same name. Properties are text (`String`), a group of checkboxes (`[String]`) or one checkbox
/// (`Bool`), read as a browser sends them: a text field not sent is empty, a checkbox not sent is
/// off (a sent one is on, whatever its value), a group not sent is an empty list.
protocol FormInput: Decodable {
    /// Properties no form may set (an import's external id): they stay empty whatever is sent.
    static var notFromForms: Set<String> { get }
    /// Text fields that mean something other than "" when the form does not send them.
    static var whenNotSent: [String: String] { get }
}

extension FormInput {
    static var notFromForms: Set<String> { [] }
    static var whenNotSent: [String: String] { [:] }
}

extension Request {
    /// The request's form (URL-encoded or multipart) decoded straight into a capability's input.
    func formInput<Input: FormInput>(_ type: Input.Type = Input.self) throws -> Input {
        try content.decode(FormFields<Input>.self).input
    }
}

/// Decodes `Input` through the request's own decoder, only the input's fields read.
private struct FormFields<Input: FormInput>: Decodable {
    let input: Input

    init(from decoder: any Decoder) throws {
        input = try Input(from: BrowserFormDecoder(base: decoder, notFromForms: Input.notFromForms, whenNotSent: Input.whenNotSent))
    }
}

private struct BrowserFormDecoder: Decoder {
    let base: any Decoder
    let notFromForms: Set<String>
    let whenNotSent: [String: String]
    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(BrowserFormFields(base: try base.container(keyedBy: type), notFromForms: notFromForms, whenNotSent: whenNotSent))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "a form is a set of named fields"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "a form is a set of named fields"))
    }
}

private struct BrowserFormFields<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let base: KeyedDecodingContainer<Key>
    let notFromForms: Set<String>
    let whenNotSent: [String: String]
    var codingPath: [any CodingKey] { base.codingPath }
    var allKeys: [Key] { base.allKeys }

    /// Every field is there: one not sent takes its empty value.
    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { !sent(key) }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        guard sent(key) else { return whenNotSent[key.stringValue] ?? "" }
        return try base.decode(String.self, forKey: key)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { sent(key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard T.self == [String].self else { throw refused(type, key) }
        let list: [String] = sent(key) ? try base.decode([String].self, forKey: key) : []
        guard let value = list as? T else { throw refused(type, key) }
        return value
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { throw refused(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw refused(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { throw refused(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw refused(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw refused(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { throw refused(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { throw refused(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { throw refused(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw refused(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw refused(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw refused(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw refused(type, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw refused(type, key)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw refused([Any].self, key) }
    func superDecoder() throws -> any Decoder { throw refused(Any.self, nil) }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw refused(Any.self, key) }

    /// Whether the form sent the field (a property no form may set counts as not sent).
    private func sent(_ key: Key) -> Bool {
        !notFromForms.contains(key.stringValue) && base.contains(key) && !((try? base.decodeNil(forKey: key)) ?? false)
    }

    /// A property no form field can fill: a programming error in the input type.
    private func refused(_ type: Any.Type, _ key: Key?) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath + (key.map { [$0] } ?? []),
                                  debugDescription: "a form field is text, a list of texts or a checkbox, not \(type)"))
    }
}
