/// How `CSVReader` reads a file. Every `nil` means "sniff it from the data".
public struct CSVOptions: Sendable, Equatable {
    /// Text encoding of the bytes.
    public enum Encoding: String, Sendable, Equatable {
        /// UTF-8 (BOM skipped); when the bytes are not valid UTF-8 they are read as Latin-1 with a warning.
        /// A UTF-16 byte-order mark selects UTF-16.
        case auto
        /// Strict UTF-8: invalid bytes are an error.
        case utf8
        /// ISO-8859-1 (bytes 0x80–0x9F read as in Windows-1252, which is what older exports hold).
        case latin1
    }

    /// What to do with a row that has fewer fields than the header.
    public enum RaggedRows: String, Sendable, Equatable {
        /// Stop with an error naming the line and the field counts.
        case error
        /// Fill the missing fields with nulls (and say so in a warning). Rows with too many fields are still an error.
        case pad
    }

    /// Field separator (`,` `;` tab `|`), nil = sniff.
    public var delimiter: UInt8?
    /// Decimal separator, `.` or `,`; nil = sniff (`,` only when the delimiter is not `,`).
    public var decimalSeparator: UInt8?
    /// Whether the first row holds column names; nil = detect.
    public var header: Bool?
    public var encoding: Encoding
    public var ragged: RaggedRows
    /// Infer int / double / bool per column; false reads every column as text.
    public var inferTypes: Bool
    /// Work is split into this many parallel chunks at most; nil = the number of active processors.
    public var parallelism: Int?
    /// Chunks are at least this many bytes; nil = 1 MiB. (Tests and the fuzzer make it tiny, so that small
    /// inputs are split as big files are.)
    public var minChunkBytes: Int? = nil
    /// Records sampled from the start of each chunk to promise the column types (tests make it tiny, so
    /// that the sample is often wrong and the repair pass runs); nil = about 20 000 in all.
    public var sampleRecordsPerChunk: Int? = nil
    /// The input is the very bytes of an earlier read that found them plain (`CSVLoadResult.plain`), as a lazy
    /// `load` knows of its unchanged file: records are then split only up to the last column parsed (the rest
    /// of each line is skipped at `memchr`'s speed) and the bytes are not checked for UTF-8 again. Set it for
    /// no other input: a quoted field or a blank line would be misread.
    public var knownPlain = false

    public init(delimiter: UInt8? = nil, decimalSeparator: UInt8? = nil, header: Bool? = nil,
                encoding: Encoding = .auto, ragged: RaggedRows = .error, inferTypes: Bool = true,
                parallelism: Int? = nil) {
        self.delimiter = delimiter
        self.decimalSeparator = decimalSeparator
        self.header = header
        self.encoding = encoding
        self.ragged = ragged
        self.inferTypes = inferTypes
        self.parallelism = parallelism
    }
}
