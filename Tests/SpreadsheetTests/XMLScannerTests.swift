import Foundation
import Testing
@testable import Spreadsheet

@Suite struct XMLScannerTests {
    /// The events of `xml` as readable strings: `<name a=v>`, `</name>`, `"text"`.
    func events(_ xml: String) throws -> [String] {
        var out: [String] = []
        try XMLScanner.scan(Data(xml.utf8), malformed: { line, column, reason in
            XLSXError(file: "t.xml", problem: "line \(line), column \(column): \(reason)")
        }) { x, e in
            switch e {
            case .start(let name, let empty):
                let attributes = try x.attributes.map { "\(try x.string($0.name))=\(try x.string($0.value))" }
                out.append("<" + ([try x.string(name)] + attributes).joined(separator: " ") + (empty ? "/>" : ">"))
            case .end(let name): out.append("</\(try x.string(name))>")
            case .text(let r, let raw):
                let s = try x.string(r, raw: raw)
                if !s.allSatisfy(\.isWhitespace) { out.append("\"\(s)\"") }
            }
        }
        return out
    }

    func problem(_ xml: String) -> String? {
        do { _ = try events(xml); return nil } catch let e as XLSXError { return e.problem } catch { return "\(error)" }
    }

    @Test func elementsAttributesAndText() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <!-- a comment with <tags> -->
        <x:sst xmlns:x="urn:x" count='2'><x:si><x:t xml:space="preserve"> Bærum &amp; &lt;Asker&gt; &#229;&#xF8; &quot;</x:t></x:si>
        <si><t><![CDATA[<rå> & tekst]]></t></si><empty a = "1" /></x:sst>
        """
        #expect(try events(xml) == [
            "<sst x=urn:x count=2>", "<si>", "<t space=preserve>", "\" Bærum & <Asker> åø \"\"", "</t>", "</si>",
            "<si>", "<t>", "\"<rå> & tekst\"", "</t>", "</si>", "<empty a=1/>", "</sst>",
        ])
    }

    @Test func malformedPartsSayWhereAndWhat() {
        #expect(problem("<a><b></a>") == "line 1, column 7: a closing tag that does not match")
        #expect(problem("<a>\n<b>") == "line 2, column 4: the part ends before its elements are closed")
        #expect(problem("<a x=1/>") == "line 1, column 4: an attribute value without quotes")
        #expect(problem("<a x=\"1/>") == "line 1, column 4: an unterminated attribute value")
        #expect(problem("<a>&nbsp;</a>") == "line 1, column 4: an unknown entity")
        #expect(problem("<a>x & y</a>") == "line 1, column 6: an `&` that starts no entity")
        #expect(problem("</a>") == "line 1, column 1: a closing tag without an opening tag")
        #expect(problem("<a><!-- never closed</a>") == "line 1, column 4: the part ends inside a comment")
        #expect(problem("text<a/>") == "line 1, column 1: text outside the document's element")
    }

    @Test func utf16PartsAreRead() throws {
        var data = Data([0xFF, 0xFE])
        data.append("<a>Tromsø</a>".data(using: .utf16LittleEndian)!)
        var texts: [String] = []
        try XMLScanner.scan(data, malformed: { _, _, r in XLSXError(file: "t", problem: r) }) { x, e in
            if case .text(let r, let raw) = e { texts.append(try x.string(r, raw: raw)) }
        }
        #expect(texts == ["Tromsø"])
    }

    @Test func integersAndAddresses() {
        func int(_ s: String) -> Int64? { Array(s.utf8).withUnsafeBufferPointer { XMLScanner.integer($0, 0..<$0.count) } }
        func address(_ s: String) -> String? { Array(s.utf8).withUnsafeBufferPointer { XMLScanner.address($0, 0..<$0.count)?.name } }
        #expect(int("9223372036854775807") == .max)
        #expect(int("-9223372036854775808") == .min)
        #expect(int("9223372036854775808") == nil)
        #expect(int("1.5") == nil && int("") == nil && int("-") == nil && int("1e3") == nil)
        #expect(address("B7") == "B7" && address("xfd1048576") == "XFD1048576")
        #expect(address("XFE1") == nil && address("A0") == nil && address("7") == nil && address("A") == nil)
    }
}
