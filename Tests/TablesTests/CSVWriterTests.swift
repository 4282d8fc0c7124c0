import Foundation
import Testing
@testable import Tables

@Suite struct CSVWriterTests {
    static func sample() -> Table {
        Table([
            ("yrke", Column(strings: ["Sykepleier", "Helse, Sør-Øst", "sa \"hei\"", "to\nlinjer", nil, " kant"])),
            ("n", Column(values: [.int(5500), .int(-1868), .null, .int(0), .int(7), .int(1)], type: .int)),
            ("x", Column(doubles: [5500.5, 0.1, -0.0, 1e20, 2, .nan])),
            ("ok", Column(bools: [true, false, true, false, true, false])),
        ])
    }

    @Test func writesRFC4180WithPlainNumbers() {
        let text = CSVWriter.string(Self.sample())
        let expected = "yrke,n,x,ok\n"
            + "Sykepleier,5500,5500.5,true\n"
            + "\"Helse, Sør-Øst\",-1868,0.1,false\n"
            + "\"sa \"\"hei\"\"\",,0,true\n"
            + "\"to\nlinjer\",0,1e+20,false\n"
            + ",7,2,true\n"
            + "\" kant\",1,NaN,false\n"
        #expect(text == expected)
    }

    @Test func roundTripsThroughTheReader() throws {
        let dir = try makeTemporaryFolder()
        let path = dir + "/ut.csv"
        try CSVWriter.write(Self.sample(), to: path)
        let back = try CSVReader.read(path: path).table
        let original = Self.sample()
        #expect(back.columnNames == original.columnNames)
        #expect(back.schema.fields.map(\.type) == [.string, .int, .double, .bool])
        for i in 0..<5 { #expect(back.row(i).prefix(2) == original.row(i).prefix(2)) }
        #expect(back[3, 0] == .string("to\nlinjer"))
        #expect(back[0, 2] == .double(5500.5))
        #expect(back[3, 2] == .double(1e20))
    }

    @Test func writesTSV() {
        let t = Table([("a", Column(strings: ["x\ty", "z"])), ("b", Column(ints: [1, 2]))])
        #expect(CSVWriter.string(t, delimiter: 0x09) == "a\tb\n\"x\ty\"\t1\nz\t2\n")
    }
}
