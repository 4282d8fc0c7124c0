import Foundation
import Tables

/// libFuzzer entry: any bytes must read as a JSON-stat table or fail with an error, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONStat(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    for codes in [false, true] {
        do {
            let t = try JSONStatReader.read(data: bytes, options: JSONStatOptions(categories: codes ? .codes : .labels))
            for c in t.columns { for i in 0..<min(c.count, 10_000) { _ = c[i] } }
        } catch {
            _ = String(describing: error)
        }
    }
    return 0
}
