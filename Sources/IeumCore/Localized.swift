/// A user-visible string in both languages. Korean is the first language of the product;
/// every string a user can see is built from one of these, so none exists in one language only.
public struct Localized: Sendable, Hashable, Codable {
    public let ko: String
    public let en: String

    public init(_ ko: String, _ en: String) {
        self.ko = ko
        self.en = en
    }

    public func text(_ language: Lang) -> String {
        switch language {
        case .ko: ko
        case .en: en
        }
    }
}

public enum Lang: String, Sendable, CaseIterable, Codable {
    case ko, en
}
