import Foundation
import IeumCore
import Vapor

/// Files people upload as documents (proposal attachments, collaboration evidence): checked by
/// their bytes, kept under the data directory with random names — never under the web root — and
/// sent back only through handlers that check access first.
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

    static func directory(_ folder: String, in dataDirectory: String) -> URL {
        URL(fileURLWithPath: dataDirectory, isDirectory: true).appendingPathComponent(folder, isDirectory: true)
    }

    /// Writes the bytes under a new random name; returns that name and the file's location (to
    /// remove it again if the database write that records it fails).
    static func store(_ bytes: [UInt8], folder: String, dataDirectory: String) throws -> (storageName: String, path: URL) {
        let directory = directory(folder, in: dataDirectory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let storageName = UUID().uuidString.lowercased()
        let path = directory.appendingPathComponent(storageName)
        try Data(bytes).write(to: path, options: [.atomic])
        return (storageName, path)
    }

    /// Stores the bytes, then runs `record` (the database write that records them) with the storage
    /// name; when recording fails the file is removed again, so nothing is left behind.
    static func store<T>(_ bytes: [UInt8], folder: String, dataDirectory: String, recordedBy record: (String) async throws -> T) async throws -> T {
        let (storageName, path) = try store(bytes, folder: folder, dataDirectory: dataDirectory)
        do {
            return try await record(storageName)
        } catch {
            try? FileManager.default.removeItem(at: path)
            throw error
        }
    }

    static func read(_ storageName: String, folder: String, dataDirectory: String) throws -> Data {
        try Data(contentsOf: directory(folder, in: dataDirectory).appendingPathComponent(storageName))
    }

    static func remove(_ storageName: String, folder: String, dataDirectory: String) {
        try? FileManager.default.removeItem(at: directory(folder, in: dataDirectory).appendingPathComponent(storageName))
    }

    /// A download: the kind's media type, the original name in both header forms, never cached.
    static func response(name: String, kind: String, data: Data) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: DocumentKind(rawValue: kind)?.mediaType ?? "application/octet-stream")
        response.headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.attachment(fallback: name, fullName: name))
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    /// Keeps the last path component, drops control characters and quotes, at most 150 characters.
    static func sanitizedName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "file"
        let clean = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" }.map(Character.init))
        let trimmed = clean.trimmed
        return trimmed.isEmpty ? "file" : String(trimmed.suffix(150))
    }
}
