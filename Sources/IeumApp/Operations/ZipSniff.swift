import Foundation

/// Whether a file can be a ZIP archive, from its first bytes, before ZIPFoundation opens it.
/// ZIPFoundation looks for the archive's end record by reading backwards one byte at a time, so
/// any large file that is not an archive (a database, a video in the backup folder) takes hours
/// to refuse; a file that does not start with a ZIP local header (or an empty archive's end
/// record) is refused here at once.
enum ZipSniff {
    /// "PK\u{3}\u{4}" (a first entry) and "PK\u{5}\u{6}" (an empty archive), little-endian.
    static let signatures: Set<UInt32> = [0x0403_4B50, 0x0605_4B50]
    /// The smallest archive: an end-of-central-directory record alone.
    static let minimumSize = 22

    static func isArchive(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? NSNumber, size.intValue >= minimumSize,
              let head = try? handle.read(upToCount: 4), head.count == 4 else { return false }
        let signature = head.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        return signatures.contains(signature)
    }
}
