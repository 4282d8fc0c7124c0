import Foundation
import Tables

/// libFuzzer entry: any bytes must load as a table or fail with a CSVError, never crash; and reading them
/// in tiny chunks with a one-record sample per chunk must give the same answer as one serial chunk.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    var chunked = CSVOptions(parallelism: 4)
    chunked.minChunkBytes = 32
    chunked.sampleRecordsPerChunk = 1
    let serial = outcome(bytes, CSVOptions(parallelism: 1))
    let split = outcome(bytes, chunked)
    if serial != split {
        fatalError("chunked read differs from the serial read:\n\(serial.prefix(500))\n---\n\(split.prefix(500))")
    }
    return 0
}

/// The table (every cell), its types and warnings, or the error, as text.
func outcome(_ bytes: Data, _ options: CSVOptions) -> String {
    do {
        let result = try CSVReader.read(data: bytes, name: "fuzz.csv", options: options)
        var text = result.table.schema.fields.map { "\($0.name):\($0.type)" }.joined(separator: ",") + "\n"
        for c in result.table.columns { for i in 0..<c.count { text += "\(c[i])|" } }
        return text + "\n" + result.warnings.joined(separator: "\n")
    } catch {
        return "error: \(error)"
    }
}
