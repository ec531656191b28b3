import Crypto
import Fluent
import Foundation
import IeumCore
import NIOCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Issue 18, item 1 and issue 19, item 5: every instance reads every stored file; downloads stream a
/// chunk at a time and keep their access checks and audit; files no row points to go after a day.
@Suite("Shared file store across instances")
struct FileStoreTests {
    static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    /// A PDF (by its signature) of `size` bytes whose content varies, so a misplaced chunk shows.
    static func pdf(size: Int) -> [UInt8] {
        var bytes = Array("%PDF-1.4\n".utf8)
        var state: UInt32 = 0x1234_5678
        while bytes.count < size - 6 {
            state = state &* 1_664_525 &+ 1_013_904_223
            bytes.append(UInt8(truncatingIfNeeded: state >> 24))
        }
        return bytes + Array("\n%%EOF".utf8)
    }

    /// A draft application of the "other startup" of `NeedFixture`, made on `app`; its person signed in there.
    static func draft(_ app: Application) async throws -> (fixture: NeedFixture, draftID: UUID, client: WebClient) {
        let fixture = try await NeedFixture.make(app)
        let other = try await NeedFixture.actor(app, .otherStartup)
        try await NeedService.pledge(fixture.need.requireID(), by: other, on: app.db, now: TestApp.now)
        let draft = try await ApplicationService.start(needID: fixture.need.requireID(), by: other, on: app.db, now: TestApp.now)
        let client = try await NeedFixture.client(app, .otherStartup)
        _ = try await client.get("/applications/\(try draft.requireID())/edit")
        return (fixture, try draft.requireID(), client)
    }

    @Test("a file uploaded through one instance downloads through another, byte for byte, audited there; refusals are unchanged")
    func uploadHereDownloadThere() async throws {
        try await Instances.with(2) { apps, _ in
            let (a, b) = (apps[0], apps[1])
            // given a draft on instance A with a file uploaded through A
            let (fixture, draftID, clientA) = try await Self.draft(a)
            let bytes = Self.pdf(size: 40_000)
            let upload = try await clientA.upload("/applications/\(draftID)/attachments", fields: [], fileField: "file", fileName: "제안서 초안.pdf", bytes: bytes)
            #expect(upload.status == .seeOther)
            let attachment = try #require(try await ProposalAttachment.query(on: b.db).filter(\.$application.$id == draftID).first())
            let path = "/applications/\(draftID)/attachments/\(try attachment.requireID())"
            // when the same person's next request lands on instance B
            let clientB = Instances.client(clientA, on: b)
            let views = { try await AuditEntry.query(on: b.db).filter(\.$action == "attachment.view").count() }
            let before = try await views()
            let download = try await clientB.send(.GET, path, headers: [:], body: nil)
            // then B serves the bytes A stored, with the same headers as before, and writes the audit entry
            let response = try await b.testing().sendRequest(.GET, path, headers: ["cookie": clientB.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")])
            #expect(download.status == .ok)
            #expect(Array(response.body.readableBytesView) == bytes)
            #expect(response.headers.first(name: .contentType) == "application/pdf")
            #expect(response.headers.first(name: .contentLength) == String(bytes.count))
            #expect(response.headers.first(name: .cacheControl) == "private, no-store")
            #expect(response.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true)
            #expect(try await views() == before + 2)
            // and the fixture's own file (stored on A by the service) also opens on B for the need's organisation
            let owner = try await NeedFixture.client(b, .needOrganization)
            let fixturePath = "/applications/\(try fixture.application.requireID())/attachments/\(try fixture.attachment.requireID())"
            let ownerDownload = try await b.testing().sendRequest(.GET, fixturePath, headers: ["cookie": owner.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")])
            #expect(ownerDownload.status == .ok)
            #expect(Array(ownerDownload.body.readableBytesView) == NeedFixture.pdf)
            // and people who may not read the draft are refused on B as on A, with no audit entry
            let afterAllowed = try await views()
            for person in [NeedFixture.Person.otherDemand, .judge, .applicant] {
                let stranger = try await NeedFixture.client(b, person)
                let refused = try await stranger.get(path)
                let onA = try await Instances.client(stranger, on: a).get(path)
                #expect([.forbidden, .notFound].contains(refused.status), "\(person) got \(refused.status)")
                #expect(refused.status == onA.status, "\(person): \(refused.status) on B, \(onA.status) on A")
                #expect(!refused.body.contains("%PDF"))
            }
            #expect(try await WebClient(b).get(path).status == .seeOther)
            #expect(try await views() == afterAllowed)
        }
    }

    @Test("a multi-chunk file is kept in 256 KiB chunks and streamed whole, bytes and SHA-256 intact")
    func multiChunkStreaming() async throws {
        try await Instances.with(2) { apps, _ in
            let (a, b) = (apps[0], apps[1])
            let (_, draftID, clientA) = try await Self.draft(a)
            // given a file of a little over 4.5 chunks uploaded through A
            let bytes = Self.pdf(size: 4 * FileStore.chunkBytes + 123_457)
            let upload = try await clientA.upload("/applications/\(draftID)/attachments", fields: [], fileField: "file", fileName: "보고서.pdf", bytes: bytes)
            #expect(upload.status == .seeOther)
            let attachment = try #require(try await ProposalAttachment.query(on: a.db).filter(\.$application.$id == draftID).first())
            #expect(attachment.sha256 == Self.sha256(bytes))
            // then the database holds it as 5 chunks of at most 256 KiB, with its size and checksum
            let stored = try #require(try await StoredFile.query(on: b.db).filter(\.$name == attachment.storageName).first())
            #expect(stored.folder == "attachments" && stored.location == "database")
            #expect(stored.byteCount == bytes.count && stored.chunkCount == 5 && stored.sha256 == Self.sha256(bytes))
            let sql = try #require(b.db as? any SQLDatabase)
            let sizes = try await sql.select().column("seq").column("data").from(StoredFile.chunkSchema)
                .where("file_id", .equal, SQLBind(try stored.requireID())).orderBy("seq").all()
                .map { try $0.decode(column: "data", as: Data.self).count }
            #expect(sizes == [FileStore.chunkBytes, FileStore.chunkBytes, FileStore.chunkBytes, FileStore.chunkBytes, 123_457])
            // when B answers a download: a stream of chunk-sized pieces, not one buffer
            let files = b.fileStore
            let handle = try await files.open(folder: .attachments, name: attachment.storageName, on: b.db)
            let response = files.response(handle, name: "보고서.pdf", mediaType: "application/pdf", logger: b.logger)
            #expect(response.body.buffer == nil, "the body is streamed, not held whole")
            #expect(response.body.count == bytes.count)
            var pieces: [Int] = []
            try await files.forEachPiece(handle, on: b.db) { pieces.append($0.readableBytes) }
            #expect(pieces.count == 5 && pieces.allSatisfy { $0 <= FileStore.chunkBytes })
            // and over HTTP on B the same person gets every byte in order
            let clientB = Instances.client(clientA, on: b)
            let got = try await b.testing().sendRequest(.GET, "/applications/\(draftID)/attachments/\(try attachment.requireID())",
                                                        headers: ["cookie": clientB.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")])
            #expect(got.status == .ok)
            let received = Array(got.body.readableBytesView)
            #expect(received.count == bytes.count)
            #expect(Self.sha256(received) == Self.sha256(bytes))
            #expect(received == bytes)
        }
    }

    @Test("an import previewed on one instance is confirmed on another")
    func importPreviewConfirmedElsewhere() async throws {
        try await Instances.with(2) { apps, _ in
            let (a, b) = (apps[0], apps[1])
            try await TestApp.user(a, email: "op@ieum.test", role: .operator)
            let webA = WebClient(a)
            try await webA.login("op@ieum.test")
            _ = try await webA.get("/admin/import")
            let good = try #require(TextDecoding.encodeCP949(ImportTests.csv([ImportTests.row("가나테크", TestApp.businessNumber(1)),
                                                                              ImportTests.row("다라랩스", TestApp.businessNumber(2))])))
            // given a clean file previewed through A
            let preview = try await webA.upload("/admin/import", fields: [("kind", "startups")], fileField: "file", fileName: "명단.csv", bytes: good)
            #expect(preview.status == .ok)
            #expect(preview.body.contains("id=\"import-confirm\""))
            #expect(try await StoredFile.query(on: b.db).filter(\.$folder == "imports").count() == 1)
            // when the confirmation lands on B
            let webB = Instances.client(webA, on: b)
            let done = try await webB.post("/admin/import/confirm", [])
            // then B imports it and the preview file is gone from the store
            #expect(done.status == .ok)
            #expect(done.body.contains("신규 2건"))
            #expect(try await Organization.query(on: a.db).count() == 2)
            #expect(try await StoredFile.query(on: a.db).filter(\.$folder == "imports").count() == 0)
            // and confirming again (on A) imports nothing more
            let again = try await Instances.client(webB, on: a).post("/admin/import/confirm", [])
            #expect(again.status == .badRequest)
            #expect(try await Organization.query(on: a.db).count() == 2)
        }
    }

    @Test("files no row points to are removed after a day, once, whichever instances run the clean-up")
    func orphansAfterADay() async throws {
        let clock = Instances.SharedClock()
        try await Instances.with(3, clock: clock) { apps, _ in
            let a = apps[0]
            let fixture = try await NeedFixture.make(a)
            let files = a.fileStore
            // given an unconfirmed import preview, an upload whose record failed, and a record's file
            let preview = try await TestFiles.put(Array("이름,사업자등록번호\n".utf8), folder: .imports, in: files, on: a.db, now: clock.now)
            let failed = try await TestFiles.put(Self.pdf(size: FileStore.chunkBytes + 10), folder: .attachments, in: files, on: a.db, now: clock.now)
            await #expect(throws: (any Error).self) {
                // the store helper itself: the record fails, so the file goes with the transaction
                try await files.store(NeedFixture.pdf, folder: .attachments, name: "rolled-back", on: a.db, now: clock.now) { _, _ in
                    throw IeumError.refused(Localized("실패", "failed"))
                }
            }
            #expect(try await StoredFile.query(on: a.db).filter(\.$name == "rolled-back").count() == 0)
            // when the loop runs within the day: nothing goes
            await NotificationJobs.runOnce(apps[1], worker: "w1")
            #expect(try await StoredFile.query(on: a.db).count() == 3)
            // when a day has passed and three instances clean up at once
            clock.advance(FileStore.orphanAge + 60)
            let reports = try await TestApp.atOnce(3) { n in try await apps[n].fileStore.removeOrphans(now: clock.now) }
            // then the two orphans went, each claimed by exactly one instance, with their chunks
            #expect(reports.map(\.files).reduce(0, +) == 2)
            let left = try await StoredFile.query(on: a.db).all()
            #expect(left.map(\.name) == [fixture.attachment.storageName])
            let sql = try #require(a.db as? any SQLDatabase)
            let chunks = try await sql.select().column("file_id").from(StoredFile.chunkSchema).all().map { try $0.decode(column: "file_id", as: UUID.self) }
            #expect(Set(chunks) == [try left[0].requireID()])
            #expect(!left.contains { $0.name == preview || $0.name == failed })
            // and the file a record names still downloads
            #expect(try await a.fileStore.read(folder: .attachments, name: fixture.attachment.storageName, on: a.db) == NeedFixture.pdf)
            // and once its record is deleted, the loop removes it a day later
            try await fixture.attachment.delete(on: a.db)
            await NotificationJobs.runOnce(apps[2], worker: "w2")
            #expect(try await StoredFile.query(on: a.db).count() == 0)
        }
    }

    @Test("directory mode: files under a shared folder, written atomically, read by every instance, strays swept")
    func directoryMode() async throws {
        let root = NSTemporaryDirectory() + "ieum-shared-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let clock = Instances.SharedClock()
        try await Instances.with(2, fileStore: .directory(path: root), clock: clock) { apps, _ in
            let (a, b) = (apps[0], apps[1])
            let (_, draftID, clientA) = try await Self.draft(a)
            let bytes = Self.pdf(size: 2 * FileStore.chunkBytes + 99)
            let upload = try await clientA.upload("/applications/\(draftID)/attachments", fields: [], fileField: "file", fileName: "계획.pdf", bytes: bytes)
            #expect(upload.status == .seeOther)
            let attachment = try #require(try await ProposalAttachment.query(on: a.db).filter(\.$application.$id == draftID).first())
            // then the bytes are in the shared folder, no chunk is in the database, and no temporary file is left
            let onDisk = root + "/attachments/" + attachment.storageName
            #expect(FileManager.default.contents(atPath: onDisk).map(Array.init) == bytes)
            let stored = try #require(try await StoredFile.query(on: a.db).filter(\.$name == attachment.storageName).first())
            #expect(stored.location == "directory" && stored.chunkCount == 0 && stored.sha256 == Self.sha256(bytes))
            let sql = try #require(a.db as? any SQLDatabase)
            #expect(try await sql.select().column("seq").from(StoredFile.chunkSchema).all().isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/attachments").filter { $0.hasPrefix(".") }.isEmpty)
            // and instance B streams it to the same person
            let clientB = Instances.client(clientA, on: b)
            let got = try await b.testing().sendRequest(.GET, "/applications/\(draftID)/attachments/\(try attachment.requireID())",
                                                        headers: ["cookie": clientB.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")])
            #expect(got.status == .ok && Array(got.body.readableBytesView) == bytes)
            let files = b.fileStore
            #expect(try await files.checkWritable() == ())
            // when a crashed write left a temporary file and an unrecorded file, both older than a day
            let stray = root + "/attachments/" + FileStore.newName()
            let temporary = root + "/attachments/.tmp-" + UUID().uuidString.lowercased()
            for path in [stray, temporary] {
                FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
                try FileManager.default.setAttributes([.modificationDate: clock.now.addingTimeInterval(-2 * FileStore.orphanAge)], ofItemAtPath: path)
            }
            let report = try await files.removeOrphans(now: clock.now, sweepDisk: true)
            // then the sweep removes both and keeps the recorded file
            #expect(report.strays == 2)
            #expect(!FileManager.default.fileExists(atPath: stray) && !FileManager.default.fileExists(atPath: temporary))
            #expect(FileManager.default.fileExists(atPath: onDisk))
            // and deleting the record's file removes it from the folder too
            _ = try await clientA.get("/applications/\(draftID)/edit")
            let delete = try await clientA.post("/applications/\(draftID)/attachments/\(try attachment.requireID())/delete", [])
            #expect(delete.status == .seeOther)
            #expect(!FileManager.default.fileExists(atPath: onDisk))
            #expect(try await StoredFile.query(on: a.db).filter(\.$name == attachment.storageName).count() == 0)
        }
    }

    @Test("a missing shared folder is reported by checkWritable and refuses uploads; the database store passes and keeps nothing")
    func checkWritable() async throws {
        try await Instances.with(1) { apps, config in
            let app = apps[0]
            try await app.fileStore.checkWritable()
            #expect(try await StoredFile.query(on: app.db).count() == 0)
            let missing = FileStore(setting: .directory(path: "/nonexistent-ieum-\(UUID().uuidString)"), legacyDirectory: config.dataDirectory, database: app.db)
            await #expect(throws: FileStoreError.self) { try await missing.checkWritable() }
            await #expect(throws: FileStoreError.self) {
                _ = try await TestFiles.put(NeedFixture.pdf, folder: .attachments, in: missing, on: app.db)
            }
            #expect(try await StoredFile.query(on: app.db).count() == 0)
        }
    }

    @Test("files an older version left under IEUM_DATA_DIR are still read, and import-local moves them into the store")
    func localFilesMoved() async throws {
        try await Instances.with(2) { apps, config in
            let (a, b) = (apps[0], apps[1])
            let fixture = try await NeedFixture.make(a)
            // given a grievance file and an evidence-like attachment written the old way, on A's disk only
            let name = FileStore.newName()
            let bytes = Self.pdf(size: 300_000)
            try FileManager.default.createDirectory(atPath: config.dataDirectory + "/attachments", withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: config.dataDirectory + "/attachments/" + name, contents: Data(bytes))
            fixture.attachment.storageName = name
            try await fixture.attachment.save(on: a.db)
            // then it is still read (the old folder is the fallback)
            #expect(try await a.fileStore.read(folder: .attachments, name: name, on: a.db) == bytes)
            #expect(await a.fileStore.localFilesLeft() == 1)
            // when `ieum files import-local` runs (the same step the command takes)
            let report = try await a.fileStore.importLocal(now: TestApp.now)
            // then the file is in the shared store under the same name, gone from the local folder
            #expect(report.moved == 1 && report.bytes == bytes.count)
            #expect(!FileManager.default.fileExists(atPath: config.dataDirectory + "/attachments/" + name))
            #expect(await a.fileStore.localFilesLeft() == 0)
            let stored = try #require(try await StoredFile.query(on: b.db).filter(\.$name == name).first())
            #expect(stored.sha256 == Self.sha256(bytes))
            // and the need's organisation downloads it through B
            let owner = try await NeedFixture.client(b, .needOrganization)
            let path = "/applications/\(try fixture.application.requireID())/attachments/\(try fixture.attachment.requireID())"
            let got = try await b.testing().sendRequest(.GET, path, headers: ["cookie": owner.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")])
            #expect(got.status == .ok && Array(got.body.readableBytesView) == bytes)
            // and a second run has nothing to move
            #expect(try await a.fileStore.importLocal(now: TestApp.now).moved == 0)
        }
    }

    @Test("IEUM_FILE_STORE: database by default, directory:PATH with an absolute path, anything else named as an error")
    func configuration() throws {
        #expect(try Configuration.fromEnvironment([:]).fileStore == .database)
        #expect(try Configuration.fromEnvironment(["IEUM_FILE_STORE": "database"]).fileStore == .database)
        #expect(try Configuration.fromEnvironment(["IEUM_FILE_STORE": "directory:/mnt/ieum-files/"]).fileStore == .directory(path: "/mnt/ieum-files"))
        for bad in ["nfs", "directory:", "directory:relative/path", "s3://bucket"] {
            do {
                _ = try Configuration.fromEnvironment(["IEUM_FILE_STORE": bad])
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.problems.map(\.variable) == ["IEUM_FILE_STORE"], "\(bad)")
                #expect(error.description.contains("directory:/"))
            }
        }
    }
}
