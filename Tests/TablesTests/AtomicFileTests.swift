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

/// The audit's cases: a symlink, a read-only file, a long name, a killed writer's leftovers.
@Suite struct AtomicFileTargetTests {
    @Test func aSymlinkIsWrittenThroughAndStaysALink() throws {
        let dir = try makeTemporaryFolder()
        try "old\n".write(toFile: dir + "/real.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: dir + "/real.csv")
        try AtomicFile.write("new\n", to: dir + "/link.csv")
        #expect(try String(contentsOfFile: dir + "/real.csv", encoding: .utf8) == "new\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.csv") == dir + "/real.csv")
        // A link to nothing is refused, not replaced by a plain file.
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.csv", withDestinationPath: dir + "/gone.csv")
        #expect(throws: Diagnostic.self) { try AtomicFile.write("x\n", to: dir + "/dangling.csv") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/gone.csv"))
    }

    @Test func aReadOnlyFileIsRefusedEvenForRoot() throws {
        let dir = try makeTemporaryFolder()
        let path = dir + "/frozen.csv"
        try "keep\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o444)
        do {
            try AtomicFile.write("lost\n", to: path)
            Issue.record("a read-only file was replaced")
        } catch let e as Diagnostic {
            #expect(e.message == "cannot write \(path): it is read-only (mode 444)")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep\n")
    }

    @Test func aNameNearTheLimitStillWrites() throws {
        let dir = try makeTemporaryFolder()
        let name = String(repeating: "ø", count: 120) + ".csv"  // 244 bytes
        try AtomicFile.write("x\n", to: dir + "/" + name)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [name])
    }

    @Test func leftoversOfAKilledWriterAreSweptOnTheNextWrite() throws {
        let dir = try makeTemporaryFolder()
        // A pid that cannot be running (above the kernel's maximum) and our own live one.
        let dead = dir + "/.data.csv.tmp-2147483646-17"
        let live = dir + "/.data.csv.tmp-\(getppid())-18"
        let other = dir + "/.other.csv.tmp-2147483646-19"
        for p in [dead, live, other] { try "partial".write(toFile: p, atomically: false, encoding: .utf8) }
        try AtomicFile.write("x\n", to: dir + "/data.csv")
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(left == [".data.csv.tmp-\(getppid())-18", ".other.csv.tmp-2147483646-19", "data.csv"])
    }
}
