import Foundation
import Tables

/// libFuzzer entry: any bytes must load as a table or fail with a CSVError, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    do {
        let result = try CSVReader.read(data: bytes, name: "fuzz.csv")
        // Touch every cell so lazy paths run too.
        for c in result.table.columns { for i in 0..<c.count { _ = c[i] } }
    } catch {
        _ = String(describing: error)
    }
    return 0
}
