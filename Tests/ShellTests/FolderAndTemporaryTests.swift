import Foundation
import Testing
import Tables
@testable import Shell
#if canImport(Glibc)
import Glibc
#endif

/// Issue 20's leftovers: a folder given to `replay` gets the one-line error `load` gives, and a write
/// killed with -9 leaves no temporary file past the next session start in that folder.
@Suite struct FolderAndTemporaryTests {
    func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hws-leftovers-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func replayOfAFolderSaysItIsAFolderWithACaretAsLoadDoes() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/lessons", withIntermediateDirectories: true)
        let s = Session(options: SessionOptions(datasetsDirectory: dir + "/none", workingDirectory: dir))
        let replay = try #require(s.execute("replay \"lessons\"").error)
        #expect(replay == """
            error: `lessons` is a folder, not a file
            replay "lessons"
                   ^^^^^^^^^
            """)
        let load = try #require(s.execute("load \"lessons\"").error)
        #expect(load.split(separator: "\n").first == replay.split(separator: "\n").first)
        // A script of that name beside the folder is still found (`lessons.hws`), and the session goes on.
        try "let x = generate register rows=3 seed=1\n".write(toFile: dir + "/lessons.hws", atomically: true, encoding: .utf8)
        #expect(s.execute("replay \"lessons\"").ok)
        #expect(s.execute("replay \"nothing\"").error?.hasPrefix("error: no script `nothing`") == true)
    }

    /// The id of a process that has ended.
    func deadPid() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }

    @Test func sessionStartSweepsStaleTemporariesOfOurNamingOnly() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dead = try deadPid()
        let me = getpid()
        func make(_ name: String, age: TimeInterval? = nil) throws {
            try "x".write(toFile: dir + "/" + name, atomically: false, encoding: .utf8)
            if let age {
                try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: age)], ofItemAtPath: dir + "/" + name)
            }
        }
        let stale = [".ut.csv.tmp-\(dead)-123", ".rapport 2024.xlsx.tmp-\(dead)-4294967295",
                     // pid 1 is alive but started after this file was written: the id was reused
                     ".gammel.csv.tmp-1-77"]
        try make(stale[0]); try make(stale[1]); try make(stale[2], age: 1000)
        let kept = [".ut.csv.tmp-\(me)-5",            // this process: a write in flight
                    ".ny.csv.tmp-1-78",                // pid 1, written after it started
                    ".ut.csv.tmp-\(dead)-x12",         // not our naming
                    "ut.csv.tmp-\(dead)-1",            // no leading dot
                    ".ut.csv.tmp-\(dead)-1.bak",
                    ".tmp-\(dead)-1",                  // no name
                    ".ut.csv.tmp-\(dead)",             // no random part
                    "data.csv"]
        for name in kept { try make(name) }
        try FileManager.default.createDirectory(atPath: dir + "/.mappe.tmp-\(dead)-9", withIntermediateDirectories: true)
        _ = Session(options: SessionOptions(datasetsDirectory: dir + "/none", workingDirectory: dir))
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(left == Set(kept + [".mappe.tmp-\(dead)-9"]), "\(left.sorted())")
        // The sweep by itself reports what it removed; a second finds nothing.
        try make(stale[0])
        #expect(AtomicFile.sweepStaleTemporaries(folder: dir) == [stale[0]])
        #expect(AtomicFile.sweepStaleTemporaries(folder: dir).isEmpty)
    }
}
