import Foundation
import Testing
@testable import Shell

@Suite struct AtomicWriteTests {
    private func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writesAndReplaces() throws {
        let path = try folder() + "/a.hws"
        try AtomicWrite.write(Data("one\n".utf8), to: path)
        try AtomicWrite.write(Data("two æøå\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two æøå\n")
    }

    struct Crash: Error {}

    @Test func aFailureBeforeTheRenameLeavesTheOldFileIntactAndNoTemporaryFile() throws {
        let dir = try folder()
        let path = dir + "/a.hws"
        try AtomicWrite.write(Data("old\n".utf8), to: path)
        #expect(throws: Crash.self) {
            try AtomicWrite.write(Data("new, never complete\n".utf8), to: path, beforeRename: { throw Crash() })
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.hws"])
    }

    @Test func aMissingFolderIsAClearError() {
        #expect(throws: AtomicWrite.Failure.self) {
            try AtomicWrite.write(Data("x".utf8), to: "/nonexistent-hws-folder/x.hws")
        }
    }
}
