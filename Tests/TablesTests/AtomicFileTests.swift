import Foundation
import Testing
@testable import Tables

struct InjectedFailure: Error {}

@Suite(.serialized) struct AtomicFileTests {
    @Test func writesAndReplacesAFile() throws {
        let dir = try makeTemporaryFolder()
        let path = dir + "/økt.hws"
        try AtomicFile.write(Data("første\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "første\n")
        try AtomicFile.write("andre\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "andre\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["økt.hws"])
    }

    @Test func failureBeforeRenameLeavesTheOldFileIntactAndNoTemporaryFile() throws {
        let dir = try makeTemporaryFolder()
        let path = dir + "/data.csv"
        try AtomicFile.write(Data("old\n".utf8), to: path)
        AtomicFile.beforeRename = { temp in
            if temp.hasPrefix(dir) {
                // The new bytes are complete in the temporary file at this point.
                #expect((try? String(contentsOfFile: temp, encoding: .utf8)) == "new\n")
                throw InjectedFailure()
            }
        }
        defer { AtomicFile.beforeRename = nil }
        #expect(throws: InjectedFailure.self) { try AtomicFile.write(Data("new\n".utf8), to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["data.csv"])
    }

    @Test func missingFolderAndFolderTargetAreErrors() throws {
        do { try AtomicFile.write(Data(), to: "/nonexistent-hws/x.csv"); Issue.record("no error") } catch let e as Diagnostic {
            #expect(e.message.hasPrefix("cannot write /nonexistent-hws/x.csv: cannot create a temporary file in /nonexistent-hws"))
        }
        let dir = try makeTemporaryFolder()
        do { try AtomicFile.write(Data(), to: dir); Issue.record("no error") } catch let e as Diagnostic {
            #expect(e.message == "cannot write \(dir): it is a folder")
        }
    }

    @Test func keepsPermissionsOfTheReplacedFile() throws {
        let dir = try makeTemporaryFolder()
        let path = dir + "/x.txt"
        try AtomicFile.write("a", to: path)
        chmod(path, 0o600)
        try AtomicFile.write("b", to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
