import Foundation
import Testing
@testable import Tables

/// A property of the one-pass reader: however the input is cut into chunks, the answer is the same.
/// Random files (numbers, words with æøå, booleans, nulls, SSB markers, zero-padded codes, late surprises,
/// quoted fields holding delimiters, quotes and line breaks, blank lines, ragged rows, CRLF) are read
/// serially in one chunk, and in parallel in chunks of a few dozen bytes with a one-record sample per chunk
/// (so the sample is often wrong and columns are parsed again); tables, warnings and errors must be equal.
/// A fixed seed keeps the run reproducible.
@Suite struct CSVChunkingPropertyTests {
    struct Cell { var text: String }

    static func randomFile(_ rng: inout SplitMix64) -> String {
        let ncols = Int.random(in: 1...5, using: &rng)
        let rows = Int.random(in: 0...120, using: &rng)
        let eol = Bool.random(using: &rng) ? "\n" : "\r\n"
        // Each column has a main kind; a few cells stray from it.
        let kinds = (0..<ncols).map { _ in Int.random(in: 0...5, using: &rng) }
        func cell(_ kind: Int, _ r: Int) -> String {
            let stray = Int.random(in: 0..<40, using: &rng) == 0
            let k = stray ? Int.random(in: 0...8, using: &rng) : kind
            switch k {
            case 0: return String(Int.random(in: -5000...5000, using: &rng))
            case 1: return String(format: "%.2f", Double.random(in: -100...100, using: &rng))
            case 2: return ["Sykepleier", "Lege", "Helsefagarbeider", "Jordmor", "Ås", "Bærum"][Int.random(in: 0..<6, using: &rng)]
            case 3: return Bool.random(using: &rng) ? "true" : "false"
            case 4: return ["", "..", "NA", "-", ":"][Int.random(in: 0..<5, using: &rng)]
            case 5: return String(format: "%04d", Int.random(in: 1...999, using: &rng))
            case 6: return "\"quoted, with \"\"quotes\"\" and\(eol)a line break\""
            case 7: return "\"\(Int.random(in: 0...99, using: &rng))\""
            default: return "1e\(Int.random(in: 0...5, using: &rng))"
            }
        }
        var lines = [(0..<ncols).map { "c\($0)" }.joined(separator: ",")]
        for r in 0..<rows {
            if Int.random(in: 0..<60, using: &rng) == 0 { lines.append(""); continue }  // a blank line
            var cells = (0..<ncols).map { cell(kinds[$0], r) }
            if Int.random(in: 0..<150, using: &rng) == 0 { cells.removeLast() }          // a short row
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: eol) + (Bool.random(using: &rng) ? eol : "")
    }

    enum Outcome: Equatable {
        case loaded([[Value]], [DataType], [String])
        case failed(String)
    }

    static func read(_ text: String, chunked: Bool, ragged: CSVOptions.RaggedRows) -> Outcome {
        var options = CSVOptions(ragged: ragged, parallelism: chunked ? 4 : 1)
        if chunked { options.minChunkBytes = 48; options.sampleRecordsPerChunk = 1 }
        do {
            let r = try CSVReader.read(bytes: Array(text.utf8), name: "p.csv", options: options)
            let t = r.table
            return .loaded((0..<t.rowCount).map { t.row($0) }, t.schema.fields.map(\.type), r.warnings)
        } catch {
            return .failed(String(describing: error))
        }
    }

    @Test func chunkingNeverChangesTheAnswer() {
        var rng = SplitMix64(seed: 20_261_123)
        var loaded = 0, failed = 0
        for n in 0..<400 {
            let text = Self.randomFile(&rng)
            let ragged: CSVOptions.RaggedRows = n % 2 == 0 ? .error : .pad
            let serial = Self.read(text, chunked: false, ragged: ragged)
            let chunked = Self.read(text, chunked: true, ragged: ragged)
            if case .loaded = serial { loaded += 1 } else { failed += 1 }
            #expect(serial == chunked, "case \(n):\n\(text.prefix(400))")
            if serial != chunked { break }
        }
        // Both kinds of outcome were exercised.
        #expect(loaded > 100)
        #expect(failed > 10)
    }
}
