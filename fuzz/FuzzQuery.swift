import Foundation
import Tables
import Query

/// A small register-like table with nulls, text with æøå, ints, doubles and bools.
private let sample: Table = {
    let n = 40
    var rows: [[Value]] = []
    let occ = ["Sykepleier", "Helsefagarbeider", "Lege", "Ufaglært", "Jordmor"]
    for i in 0..<n {
        rows.append([
            .int(Int64(2015 + i % 6)), .string(occ[i % occ.count]), i % 7 == 0 ? .null : .double(Double(i % 11) * 10.5),
            .int(Int64(20 + i % 45)), i % 5 == 0 ? .null : .bool(i % 2 == 0), .string(i % 3 == 0 ? "K" : "M"),
        ])
    }
    return Table(names: ["year", "occupation", "position_pct", "age", "fulltime", "sex"], rows: rows)
}()
private let resolver = TableResolver(["reg": sample, "årsverk": sample.head(5)])

/// libFuzzer entry: any statement text must parse, bind and run, or fail with a diagnostic whose span
/// lies inside the statement; never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let engine = QueryEngine(resolver: resolver)
    for candidate in [text, "from reg | " + text] {
        do {
            _ = try engine.execute(candidate)
        } catch let e as DiagnosticError {
            if let s = e.span, s.start < 0 || s.end > candidate.count + 1 {
                fatalError("span \(s) outside statement of \(candidate.count) characters: \(e.message)")
            }
        } catch {
            _ = String(describing: error)
        }
    }
    return 0
}
