import Foundation
import Vapor

extension CommandTasks {
    /// `ieum files import-local`: moves the files an older version kept under `IEUM_DATA_DIR` into
    /// the shared file store (`IEUM_FILE_STORE`), on a migrated database. Safe to run again.
    public static func importLocalFiles(_ config: Configuration, progress: (@Sendable (String) -> Void)? = nil) async throws -> String {
        try await withApplication(config) { app in
            let report = try await app.fileStore.importLocal(now: app.clock.now(), progress: progress)
            return report.description + " (IEUM_DATA_DIR \(config.dataDirectory) → IEUM_FILE_STORE \(config.fileStore))"
        }
    }
}
