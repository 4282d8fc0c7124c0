import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Tables

/// A streaming (SAX) pass over one XML part of a workbook: element starts with their attributes, element
/// ends and text, names without namespace prefixes (`x:row` → `row`). Nothing is kept but what the
/// handler keeps, so a sheet of a million cells is never held as a tree.
final class XMLEvents: NSObject, XMLParserDelegate {
    var onStart: (String, [String: String]) -> Void = { _, _ in }
    var onEnd: (String) -> Void = { _ in }
    /// Text is delivered only while `wantText` is set (the handler sets it inside the elements it reads).
    var onText: (String) -> Void = { _ in }
    var wantText = false
    /// An error raised by a handler (Ctrl-C, the memory limit): parsing stops and it is rethrown.
    var failure: Error?
    private var events = 0

    static func local(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        events &+= 1
        if events & 0xFFFF == 0 {
            do { try Cancellation.check() } catch { failure = error; parser.abortParsing(); return }
        }
        onStart(XMLEvents.local(elementName), attributeDict)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        onEnd(XMLEvents.local(elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if wantText { onText(string) }
    }

    /// Runs the parser over `data`; throws the handler's error, or `malformed(line, column, reason)`.
    func parse(_ data: Data, malformed: (Int, Int, String) -> Error) throws {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        let ok = parser.parse()
        if let failure { throw failure }
        // (Foundation's parser can return true after an error it recovered from: the error decides.)
        if !ok || parser.parserError != nil {
            let code = (parser.parserError as NSError?)?.code ?? 0
            throw malformed(parser.lineNumber, parser.columnNumber, XMLEvents.reason(code))
        }
    }

    /// libxml2's error codes, in words.
    static func reason(_ code: Int) -> String {
        switch code {
        case 4: return "the part is empty"
        case 5: return "the part ends before its elements are closed"
        case 9: return "a character XML does not allow"
        case 26: return "an unknown entity"
        case 38, 39, 40, 41: return "a malformed attribute"
        case 64, 65, 73: return "a malformed tag"
        case 76: return "a closing tag that does not match"
        default: return "error \(code)"
        }
    }
}

/// `_xHHHH_` escapes (OOXML's way to write characters XML 1.0 cannot hold, and `_x005F_` for a literal `_`).
enum OOXMLEscape {
    static func decode(_ s: String) -> String {
        guard s.contains("_x") else { return s }
        var out = ""
        let u = Array(s.unicodeScalars)
        var i = 0
        while i < u.count {
            if u[i] == "_", i + 6 < u.count, u[i + 1] == "x", u[i + 6] == "_",
               let v = UInt32(String(String.UnicodeScalarView(u[(i + 2)..<(i + 6)])), radix: 16), let scalar = Unicode.Scalar(v) {
                out.unicodeScalars.append(scalar)
                i += 7
            } else {
                out.unicodeScalars.append(u[i])
                i += 1
            }
        }
        return out
    }
}
