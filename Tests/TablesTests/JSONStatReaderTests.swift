import Foundation
import Testing
@testable import Tables

/// The JSON-stat reader on hand-written SSB-shaped documents: dense and sparse values, labels and
/// codes, status symbols, collections and 1.x bundles, and clear errors for malformed documents.
@Suite struct JSONStatReaderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/jsonstat")

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name))
    }

    static func read(_ json: String, _ options: JSONStatOptions = .init()) throws -> Table {
        try JSONStatReader.read(data: Data(json.utf8), options: options)
    }

    static func strings(_ t: Table, _ name: String) -> [String?] {
        guard let c = t.column(named: name) else { return [] }
        return c.values.map { if case .string(let s) = $0 { return s } else { return nil } }
    }

    static func doubles(_ t: Table, _ name: String) -> [Double?] {
        guard let c = t.column(named: name) else { return [] }
        return c.values.map { $0.asDouble }
    }

    // MARK: - An SSB table 11846-like document

    @Test func ssbDocumentBecomesALongTableWithCodesAndLabels() throws {
        let t = try JSONStatReader.read(data: Self.fixture("ssb-11846-like.json"))
        #expect(t.columnNames == ["Region", "Region_label", "Yrke", "Yrke_label", "Tid", "Tid_label",
                                  "ContentsCode", "ContentsCode_label", "value", "status"])
        #expect(t.rowCount == 3 * 3 * 2 * 2)
        #expect(t.schema.fields[4].type == .int)        // time role, plain integers -> int column
        #expect(t.schema.fields[8].type == .double)
        #expect(Set(Self.strings(t, "Region").compactMap { $0 }) == ["0301", "5001", "5401"])
        #expect(Set(Self.strings(t, "Region_label").compactMap { $0 }) == ["Oslo", "Trondheim - Tråante", "Tromsø"])
        #expect(Self.strings(t, "ContentsCode_label")[1] == "Avtalte årsverk")
        #expect(Self.strings(t, "ContentsCode")[1] == "Arsverk")
    }

    @Test func labelsOnlyOnRequest() throws {
        let t = try JSONStatReader.read(data: Self.fixture("ssb-11846-like.json"), options: .init(categories: .labels))
        #expect(t.columnNames == ["Region", "Yrke", "Tid", "ContentsCode", "value", "status"])
        #expect(Self.strings(t, "ContentsCode")[1] == "Avtalte årsverk")
    }

    @Test func valuesFollowRowMajorOrderWithTheLastDimensionFastest() throws {
        // The fixture's value for cell (r, y, t, c) is r*1000 + y*100 + t*10 + c, so every row's value
        // must match the positions of its own categories.
        let t = try JSONStatReader.read(data: Self.fixture("ssb-11846-like.json"), options: .init(categories: .codes))
        let regions = ["0301", "5001", "5401"], occupations = ["2221", "5321", "2263"]
        let contents = ["Sysselsatte", "Arsverk"]
        let region = Self.strings(t, "Region"), occ = Self.strings(t, "Yrke"), cc = Self.strings(t, "ContentsCode")
        let years = t.column(named: "Tid")!.values
        let values = Self.doubles(t, "value")
        var checked = 0
        for i in 0..<t.rowCount {
            guard let v = values[i] else { continue }
            let r = regions.firstIndex(of: region[i]!)!, o = occupations.firstIndex(of: occ[i]!)!
            let y = years[i] == .int(2021) ? 1 : 0, c = contents.firstIndex(of: cc[i]!)!
            #expect(v == Double(r * 1000 + o * 100 + y * 10 + c), "row \(i)")
            checked += 1
        }
        #expect(checked == 35)
    }

    @Test func nullValueKeepsItsStatusSymbol() throws {
        let t = try JSONStatReader.read(data: Self.fixture("ssb-11846-like.json"))
        let values = Self.doubles(t, "value"), status = Self.strings(t, "status")
        #expect(values[22] == nil)
        #expect(status[22] == "..")
        #expect(status.compactMap { $0 }.count == 1)
        #expect(Self.strings(t, "Region_label")[22] == "Trondheim - Tråante")
        #expect(Self.strings(t, "Yrke_label")[22] == "Vernepleiere og miljøterapeuter")
        #expect(t.column(named: "Tid")![22] == .int(2021))
        #expect(Self.strings(t, "ContentsCode_label")[22] == "Sysselsatte")
    }

    @Test func codesOnRequestKeepLeadingZerosAsText() throws {
        let t = try JSONStatReader.read(data: Self.fixture("ssb-11846-like.json"), options: .init(categories: .codes))
        #expect(t.schema.fields[0].type == .string)
        #expect(Self.strings(t, "Region").first == "0301")
        #expect(Self.strings(t, "ContentsCode")[1] == "Arsverk")
        var o = JSONStatOptions(); o.codes = true
        #expect(o.categories == .codes)
    }

    @Test func bothLabelsAndCodesAndDimensionLabelsAsColumnNames() throws {
        let t = try JSONStatReader.read(data: Self.fixture("ssb-11846-like.json"),
                                        options: .init(categories: .both, dimensionLabelsAsNames: true))
        #expect(t.columnNames == ["region", "region_code", "yrke", "yrke_code", "år", "år_code",
                                  "statistikkvariabel", "statistikkvariabel_code", "value", "status"])
        #expect(Self.strings(t, "region")[30] == "Tromsø")
        #expect(Self.strings(t, "region_code")[30] == "5401")
    }

    @Test func singleMetricUnitBecomesTheValueColumnsUnit() throws {
        let json = """
        {"class":"dataset","id":["Tid","ContentsCode"],"size":[2,1],"role":{"time":["Tid"],"metric":["ContentsCode"]},
         "dimension":{"Tid":{"category":{"index":["2019","2020"]}},
                      "ContentsCode":{"category":{"index":["Arsverk"],"label":{"Arsverk":"Avtalte årsverk"},
                                      "unit":{"Arsverk":{"base":"årsverk","decimals":0}}}}},
         "value":[158839, 161200.5]}
        """
        let t = try Self.read(json)
        #expect(t.schema.fields.last?.unit == "årsverk")
        #expect(Self.doubles(t, "value") == [158839, 161200.5])
        #expect(t.column(named: "Tid")!.values == [.int(2019), .int(2020)])
    }

    // MARK: - Sparse values, collections, bundles

    @Test func sparseObjectValuesLeaveOtherCellsNull() throws {
        let json = """
        {"version":"2.0","class":"dataset","id":["fylke","kjønn"],"size":[2,2],
         "dimension":{"fylke":{"label":"fylke","category":{"index":{"42":0,"46":1},"label":{"42":"Agder","46":"Vestland"}}},
                      "kjønn":{"label":"kjønn","category":{"index":{"1":0,"2":1},"label":{"1":"Menn","2":"Kvinner"}}}},
         "value":{"0":12.5,"3":7}}
        """
        let t = try Self.read(json)
        #expect(t.rowCount == 4)
        #expect(Self.doubles(t, "value") == [12.5, nil, nil, 7])
        #expect(Self.strings(t, "fylke_label") == ["Agder", "Agder", "Vestland", "Vestland"])
        #expect(Self.strings(t, "fylke") == ["42", "42", "46", "46"])
        #expect(Self.strings(t, "kjønn_label") == ["Menn", "Kvinner", "Menn", "Kvinner"])
        #expect(t.column(named: "status") == nil)
    }

    @Test func singleCategoryMayOmitTheIndex() throws {
        let json = """
        {"class":"dataset","id":["land","år"],"size":[1,2],
         "dimension":{"land":{"category":{"label":{"NO":"Norge"}}},"år":{"category":{"index":["2021","2022"]}}},
         "value":[1,2]}
        """
        let t = try Self.read(json)
        #expect(Self.strings(t, "land_label") == ["Norge", "Norge"])
        #expect(Self.strings(t, "land") == ["NO", "NO"])
        #expect(t.column(named: "år")!.values == [.int(2021), .int(2022)])   // `år` is taken as time
    }

    @Test func collectionReadsTheChosenEmbeddedDataset() throws {
        let item = { (label: String, v: Int) in
            """
            {"class":"dataset","label":"\(label)","id":["a"],"size":[1],
             "dimension":{"a":{"category":{"index":["x"],"label":{"x":"\(label)"}}}},"value":[\(v)]}
            """
        }
        let json = """
        {"version":"2.0","class":"collection","label":"Samling","link":{"item":[\(item("første", 1)),\(item("andre", 2))]}}
        """
        // Two datasets and none asked for: an error naming both, not the first one silently.
        let e = try #require(throws: JSONStatError.self) { try Self.read(json) }
        #expect(e.message == "the collection holds 2 datasets: `første`, `andre`")
        #expect(e.hint == "load one with dataset=NAME or dataset=NUMBER (1 = the first)")
        #expect(Self.doubles(try Self.read(json, .init(dataset: "første")), "value") == [1])
        let second = try Self.read(json, .init(datasetIndex: 1))
        #expect(Self.strings(second, "a_label") == ["andre"])
        #expect(Self.doubles(try Self.read(json, .init(dataset: "2")), "value") == [2])
        #expect(throws: JSONStatError.self) { try Self.read(json, .init(datasetIndex: 2)) }
        let unknown = try #require(throws: JSONStatError.self) { try Self.read(json, .init(dataset: "andr")) }
        #expect(unknown.message == "the collection has no dataset `andr`; it holds `første`, `andre`")
        #expect(unknown.hint == "did you mean `andre`?")
    }

    @Test func version1BundleWithIdAndSizeInsideDimension() throws {
        let json = """
        {"dataset":{"label":"Årsverk","dimension":{
            "Region":{"label":"region","category":{"index":{"0301":0,"1103":1},"label":{"0301":"Oslo","1103":"Stavanger"}}},
            "Tid":{"label":"år","category":{"index":{"2021":0},"label":{"2021":"2021"}}},
            "id":["Region","Tid"],"size":[2,1],"role":{"time":["Tid"]}},
          "value":[13715,4100]}}
        """
        let t = try Self.read(json)
        #expect(t.columnNames == ["Region", "Region_label", "Tid", "Tid_label", "value"])
        #expect(Self.strings(t, "Region_label") == ["Oslo", "Stavanger"])
        #expect(Self.strings(t, "Region") == ["0301", "1103"])
        #expect(Self.doubles(t, "value") == [13715, 4100])
    }

    @Test func norwegianLettersSurviveInLabelsAndNames() throws {
        let json = """
        {"class":"dataset","id":["Yrke"],"size":[3],
         "dimension":{"Yrke":{"label":"yrke","category":{"index":["a","b","c"],
           "label":{"a":"Jordmødre","b":"Helsesekretærer","c":"Tannhelse\\u00e5r"}}}},"value":[1,2,3]}
        """
        let t = try Self.read(json)
        #expect(Self.strings(t, "Yrke_label") == ["Jordmødre", "Helsesekretærer", "Tannhelseår"])
    }

    // MARK: - Errors

    @Test func sizeValueMismatchIsNamed() throws {
        let json = """
        {"class":"dataset","id":["a","b"],"size":[2,3],
         "dimension":{"a":{"category":{"index":["x","y"]}},"b":{"category":{"index":["p","q","r"]}}},"value":[1,2,3,4,5]}
        """
        let e = try #require(throws: JSONStatError.self) { try Self.read(json) }
        #expect(e.message.contains("5 entries"))
        #expect(e.message.contains("6 cells"))
    }

    @Test func unknownDimensionIdIsNamedWithASuggestion() throws {
        let json = """
        {"class":"dataset","id":["Region","Tid"],"size":[1,1],
         "dimension":{"Region":{"category":{"index":["0301"]}},"Tiid":{"category":{"index":["2021"]}}},"value":[1]}
        """
        let e = try #require(throws: JSONStatError.self) { try Self.read(json) }
        #expect(e.message.contains("unknown dimension id `Tid`"))
        #expect(e.hint == "did you mean `Tiid`?")
    }

    @Test func malformedDocumentsGiveOneLineErrors() throws {
        let cases: [(String, String)] = [
            ("{\"class\":\"dataset\",", "not valid JSON"),
            ("[1,2,3]", "must be a JSON object"),
            ("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1,2],\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\"]}}},\"value\":[1]}",
             "`id` names 1 dimension(s) but `size` has 2"),
            ("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[3],\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",\"y\"]}}},\"value\":[1,2,3]}",
             "dimension `a` has 2 categories but `size` says 3"),
            ("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",\"x\"]}}},\"value\":[1,2]}",
             "dimension `a`: category `x` appears twice in `category.index`"),
            ("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",\"y\"],\"label\":{\"x\":\"X\",\"x\":\"Y\"}}}},\"value\":[1,2]}",
             "dimension `a`: category `x` has two labels"),
            ("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[\"two\"],\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",\"y\"]}}},\"value\":[1,2]}",
             "`size[0]` is the text \"two\", not a non-negative integer"),
            ("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1.5],\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",\"y\"]}}},\"value\":[1,2]}",
             "`size[0]` is 1.5, not a non-negative integer"),
            ("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",\"y\"]}}},\"value\":{\"7\":1}}",
             "not a cell index 0…1"),
            ("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],\"dimension\":{\"a\":{\"category\":{\"index\":{\"x\":0,\"y\":0}}}},\"value\":[1,2]}",
             "not a unique position"),
            ("{\"class\":\"dataset\",\"size\":[1],\"dimension\":{},\"value\":[1]}", "no `id` array"),
            ("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1],\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\"]}}}}", "no `value`"),
            ("{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1],\"value\":[1]}", "no `dimension` object"),
            ("{\"class\":\"dataset\",\"id\":[\"a\"],\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\"]}}},\"value\":[1]}", "no `size` array"),
            ("{\"class\":\"dataset\",\"id\":[7],\"size\":[1],\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\"]}}},\"value\":[1]}",
             "`id[0]` is a number, not a dimension name"),
            ("{\"class\":\"dataset\",\"id\":[\"a\",\"a\"],\"size\":[1,1],\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\"]}}},\"value\":[1]}",
             "`id` names a dimension twice"),
        ]
        for (json, expected) in cases {
            let e = try #require(throws: JSONStatError.self, "\(json)") { try Self.read(json) }
            #expect(e.message.contains(expected), "\(e.message)")
            #expect(!e.message.contains("\n"))
        }
    }

    @Test func tooManyCellsIsRefusedBeforeTheValuesAreRead() throws {
        // three dimensions of 1 000 categories: 10^9 cells, above the 500 million a dataset may hold
        let index = "[" + (0..<1_000).map { "\"c\($0)\"" }.joined(separator: ",") + "]"
        let dim = "{\"category\":{\"index\":\(index)}}"
        let json = "{\"class\":\"dataset\",\"id\":[\"a\",\"b\",\"c\"],\"size\":[1000,1000,1000],"
            + "\"dimension\":{\"a\":\(dim),\"b\":\(dim),\"c\":\(dim)},\"value\":{}}"
        let e = try #require(throws: JSONStatError.self) { try Self.read(json) }
        #expect(e.message == "the dataset has too many cells (1000 × 1000 × 1000)")
    }

    @Test func readPathNamesTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hws-jsonstat-\(UInt32.random(in: 0...UInt32.max)).json").path
        try Data("{\"class\":\"dataset\",\"id\":[],\"size\":[],\"dimension\":{},\"value\":[1,2]}".utf8)
            .write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let e = try #require(throws: JSONStatError.self) { try JSONStatReader.read(path: path) }
        #expect(e.message.hasPrefix(path + ": "))
        #expect(e.message.contains("2 entries"))
        #expect(throws: JSONStatError.self) { try JSONStatReader.read(path: path + ".missing") }
    }

    // MARK: - Issue 20: right answers

    @Test func categoriesWithTheSameLabelStayApartByTheirCodes() throws {
        let json = """
        {"class":"dataset","id":["Region"],"size":[3],
         "dimension":{"Region":{"category":{"index":["1515","1818","0301"],"label":{"1515":"Herøy","1818":"Herøy","0301":"Oslo"}}}},
         "value":[8,1.5,700]}
        """
        let t = try Self.read(json)
        #expect(Self.strings(t, "Region") == ["1515", "1818", "0301"])
        #expect(Self.strings(t, "Region_label") == ["Herøy", "Herøy", "Oslo"])
        #expect(Set(Self.strings(t, "Region")).count == 3)
    }

    @Test func textValuesAllowedByTheSchemaLoadAsText() throws {
        let words = try Self.read("""
        {"class":"dataset","id":["a"],"size":[3],"dimension":{"a":{"category":{"index":["x","y","z"]}}},"value":["høy",null,2]}
        """)
        #expect(words.schema.fields.last?.type == .string)
        #expect(Self.strings(words, "value") == ["høy", nil, "2"])
        // Numbers written as text, and SSB's symbols, stay a number column.
        let numbers = try Self.read("""
        {"class":"dataset","id":["a"],"size":[3],"dimension":{"a":{"category":{"index":["x","y","z"]}}},"value":["1,5","..",3]}
        """)
        #expect(Self.doubles(numbers, "value") == [1.5, nil, 3])
        let sparse = try Self.read("""
        {"class":"dataset","id":["a"],"size":[2],"dimension":{"a":{"category":{"index":["x","y"]}}},"value":{"1":"lav"}}
        """)
        #expect(Self.strings(sparse, "value") == [nil, "lav"])
    }

    @Test func sizesWrittenAsTextAreRead() throws {
        // CSO Ireland writes `"size": ["2","1"]`.
        let t = try Self.read("""
        {"class":"dataset","id":["a","b"],"size":["2","1"],
         "dimension":{"a":{"category":{"index":["x","y"]}},"b":{"category":{"index":["k"]}}},"value":[1,2]}
        """)
        #expect(t.rowCount == 2)
        #expect(Self.doubles(t, "value") == [1, 2])
    }

    @Test func utf16DocumentsAreRead() throws {
        let json = """
        {"class":"dataset","id":["Yrke"],"size":[1],"dimension":{"Yrke":{"category":{"index":["a"],"label":{"a":"Jordmødre"}}}},"value":[7]}
        """
        for (encoding, bom) in [(String.Encoding.utf16LittleEndian, [UInt8(0xFF), 0xFE]), (.utf16BigEndian, [0xFE, 0xFF]),
                                (.utf16LittleEndian, []), (.utf16BigEndian, [])] {
            let data = Data(bom) + json.data(using: encoding)!
            let t = try JSONStatReader.read(data: data)
            #expect(Self.strings(t, "Yrke_label") == ["Jordmødre"], "\(encoding) bom \(bom)")
            #expect(Self.doubles(t, "value") == [7])
        }
    }

    @Test func dimensionsNamedValueOrStatusGiveWay() throws {
        let t = try Self.read("""
        {"class":"dataset","id":["value","status"],"size":[2,1],
         "dimension":{"value":{"category":{"index":["p","q"]}},"status":{"category":{"index":["s"]}}},
         "value":[1,2],"status":["..",null]}
        """)
        #expect(t.columnNames == ["value_dim", "value_dim_label", "status_dim", "status_dim_label", "value", "status"])
        #expect(Self.doubles(t, "value") == [1, 2])
        #expect(Self.strings(t, "status") == ["..", nil])
        #expect(Self.strings(t, "value_dim") == ["p", "q"])
    }

    @Test func yearColumnsPrintWithoutThousandsSeparators() throws {
        let t = try Self.read("""
        {"class":"dataset","id":["Tid","Aargang"],"size":[2,1],"role":{"time":["Tid","Aargang"]},
         "dimension":{"Tid":{"category":{"index":["2020","2021"]}},"Aargang":{"category":{"index":["2019"]}}},"value":[1500,2500]}
        """)
        #expect(t.column(named: "Tid")!.values == [.int(2020), .int(2021)])
        // A time dimension whose name does not read as a year is a text column of periods.
        #expect(Self.strings(t, "Aargang") == ["2019", "2019"])
        let shown = TableRenderer.render(t)
        #expect(shown.contains("2020") && shown.contains("2021"), "\(shown)")
        #expect(!shown.contains("2 020") && !shown.contains("2 019"), "\(shown)")
        #expect(shown.contains("1 500"), "values are still grouped: \(shown)")
        // The same for CSV columns named Tid, Året or periode.
        let csv = Table([("Året", Column(ints: [2020])), ("Tid", Column(ints: [2021])), ("periode", Column(ints: [2022])),
                         ("årsverk", Column(ints: [12000]))])
        let csvShown = TableRenderer.render(csv)
        #expect(!csvShown.contains("2 02"), "\(csvShown)")
        #expect(csvShown.contains("12 000"), "\(csvShown)")
    }
}
