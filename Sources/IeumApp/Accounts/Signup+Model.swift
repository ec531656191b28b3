import Foundation
import IeumCore

/// One published version of a legal text as the pages show it: plain values, no database type
/// (issue 15, item 2). The sign-up, legal-text and publishing pages take these.
struct LegalText: Sendable, Equatable {
    let kind: LegalDocumentKind
    let version: Int
    let bodyKo: String
    let bodyEn: String
    let publishedAt: Date

    var body: Localized { Localized(bodyKo, bodyEn) }
}

extension LegalText {
    init(_ document: LegalDocument) {
        self.init(kind: document.kind, version: document.version, bodyKo: document.bodyKo, bodyEn: document.bodyEn, publishedAt: document.publishedAt)
    }
}
