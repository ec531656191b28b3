import Foundation
import Testing
@testable import IeumCore

@Suite("Attachment kinds are read from the bytes, not the name")
struct FileSignatureTests {
    /// A ZIP local file header naming `name` (enough for the detector, which reads part names).
    static func zip(_ names: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for name in names {
            bytes += [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 22)
            bytes += [UInt8(name.utf8.count), 0, 0, 0] + Array(name.utf8) + Array("content".utf8)
        }
        return bytes
    }

    static let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504)

    @Test("each accepted kind is recognised", arguments: [
        (Array("%PDF-1.7\n".utf8), DocumentKind.pdf),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], .png),
        ([0xFF, 0xD8, 0xFF, 0xE0, 0, 16], .jpeg),
        (zip(["[Content_Types].xml", "word/document.xml"]), .docx),
        (zip(["[Content_Types].xml", "ppt/presentation.xml"]), .pptx),
        (zip(["mimetype"]) + Array("application/hwp+zip".utf8), .hwpx),
        (ole + Array("HWP Document File".utf8), .hwp),
    ])
    func recognised(bytes: [UInt8], kind: DocumentKind) {
        #expect(DocumentKind.detect(bytes) == kind)
    }

    @Test("executables, scripts, HTML, other Office files and ZIPs are refused", arguments: [
        [0x4D, 0x5A, 0x90, 0x00] as [UInt8],                       // Windows executable
        [0x7F, 0x45, 0x4C, 0x46],                                  // ELF
        Array("<html><script>alert(1)</script>".utf8),
        Array("#!/bin/sh\nrm -rf /".utf8),
        FileSignatureTests.ole + Array("Microsoft Office Word".utf8), // old .doc in the same container as HWP
        FileSignatureTests.zip(["payload.exe"]),
        [],
    ])
    func refused(bytes: [UInt8]) {
        #expect(DocumentKind.detect(bytes) == nil)
    }

    @Test("the name's extension is read case-insensitively", arguments: [
        ("제안서.PDF", DocumentKind.pdf), ("deck.pptx", .pptx), ("사진.JPG", .jpeg), ("사진.jpeg", .jpeg), ("문서.hwp", .hwp),
    ])
    func claimed(name: String, kind: DocumentKind) {
        #expect(DocumentKind.claimed(byName: name) == kind)
    }

    @Test("names without a known extension claim nothing", arguments: ["README", "archive.zip", "run.exe", "x."])
    func unclaimed(name: String) {
        #expect(DocumentKind.claimed(byName: name) == nil)
    }
}
