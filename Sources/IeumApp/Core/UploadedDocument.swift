import Foundation
import IeumCore
import Vapor

/// Files people upload as documents (proposal attachments, collaboration evidence, network
/// materials): checked by their bytes, kept in the shared `FileStore` with random names — never
/// under the web root — and sent back only through handlers that check access first.
enum UploadedDocument {
    static let maxBytes = 10 * 1024 * 1024

    static let acceptedKinds = Localized("PDF, PPTX, DOCX, HWP/HWPX, PNG, JPG 파일만 올릴 수 있습니다.",
                                         "Only PDF, PPTX, DOCX, HWP/HWPX, PNG and JPG files are accepted.")

    /// The file's clean name and kind, or a refusal that says what is wrong.
    static func check(fileName raw: String, bytes: [UInt8]) throws -> (name: String, kind: DocumentKind) {
        let name = sanitizedName(raw)
        guard !bytes.isEmpty else { throw IeumError.refused(Localized("빈 파일입니다. 파일을 선택하세요.", "The file is empty; choose a file.")) }
        guard bytes.count <= maxBytes else {
            throw IeumError.refused(Localized("파일이 너무 큽니다 (\(bytes.count / 1024 / 1024)MB). 파일 하나는 10MB까지 올릴 수 있습니다.",
                                              "The file is too large (\(bytes.count / 1024 / 1024) MB); each file may be at most 10 MB."))
        }
        guard let kind = DocumentKind.detect(bytes) else {
            throw IeumError.refused(Localized("'\(name)'의 내용이 허용된 형식이 아닙니다. \(acceptedKinds.ko)",
                                              "The content of '\(name)' is not an accepted kind. \(acceptedKinds.en)"))
        }
        guard DocumentKind.claimed(byName: name) == kind else {
            throw IeumError.refused(Localized("'\(name)'의 확장자가 실제 내용(\(kind.rawValue.uppercased()))과 다릅니다. 올바른 확장자로 저장해 다시 올리세요.",
                                              "The name of '\(name)' does not match its content (\(kind.rawValue.uppercased())); save it with the right extension."))
        }
        return (name, kind)
    }

    /// A download through the file store (streamed a chunk at a time): the kind's media type, the
    /// original name in both header forms, never cached.
    static func response(name: String, kind: String, file: StoredFileHandle, store: FileStore, logger: Logger) -> Response {
        store.response(file, name: name, mediaType: DocumentKind(rawValue: kind)?.mediaType ?? "application/octet-stream", logger: logger)
    }

    /// Keeps the last path component, drops control characters and quotes, at most 150 characters.
    static func sanitizedName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "file"
        let clean = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" }.map(Character.init))
        let trimmed = clean.trimmed
        return trimmed.isEmpty ? "file" : String(trimmed.suffix(150))
    }
}
