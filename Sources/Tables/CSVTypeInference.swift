/// What the fields of one column looked like: counts per kind, and where the first value that is neither a
/// number nor missing was. A column's type is decided from the counts over the whole column.
struct CSVColumnStats {
    var nulls = 0, markers = 0, dashes = 0, bools = 0, ints = 0, padded = 0, doubles = 0, texts = 0
    /// First value that is neither a number nor missing: chunk-local line and byte range.
    var firstOtherLine = -1
    var firstOtherStart = 0, firstOtherEnd = 0
    /// Integers beyond the 64-bit range (counted among `texts` too), and where the first was.
    var bigInts = 0
    var firstBigLine = -1
    var firstBigStart = 0, firstBigEnd = 0

    mutating func add(_ o: CSVColumnStats) {
        nulls += o.nulls; markers += o.markers; dashes += o.dashes; bools += o.bools; ints += o.ints
        padded += o.padded; doubles += o.doubles; texts += o.texts; bigInts += o.bigInts
    }

    /// Counts one field of `kind` (bytes `start..<end`, on chunk-local `line`).
    @inline(__always)
    mutating func count(_ kind: CSVFieldKind, _ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, line: Int) {
        switch kind {
        case .null: nulls += 1
        case .marker:
            markers += 1
            if end - start >= 1 && b[start] == 0x2D { dashes += 1 }
        case .int: ints += 1
        case .double: doubles += 1
        case .paddedInt: padded += 1
        case .bool:
            bools += 1
            if firstOtherLine < 0 { firstOtherLine = line; firstOtherStart = start; firstOtherEnd = end }
        case .bigInt:
            texts += 1; bigInts += 1
            if firstBigLine < 0 { firstBigLine = line; firstBigStart = start; firstBigEnd = end }
            if firstOtherLine < 0 { firstOtherLine = line; firstOtherStart = start; firstOtherEnd = end }
        case .text:
            texts += 1
            if firstOtherLine < 0 { firstOtherLine = line; firstOtherStart = start; firstOtherEnd = end }
        }
    }

    /// Fields counted, of every kind.
    var counted: Int { nulls + markers + bools + ints + padded + doubles + texts }

    /// Values that are numbers (integers, decimals, zero-padded codes).
    var numbers: Int { ints + doubles + padded }

    /// The column type these counts call for: int if every value is an integer, double if every value is a
    /// number, bool if every value is a boolean, text otherwise (and text when there are no values at all,
    /// double when there are only SSB missing markers).
    func type(inferring: Bool) -> DataType {
        let values = numbers + bools + texts
        if !inferring { return .string }
        if values == 0 { return markers > 0 ? .double : .string }
        if texts == 0 && bools == 0 && padded == 0 { return doubles > 0 ? .double : .int }
        if bools == values { return .bool }
        return .string
    }
}
