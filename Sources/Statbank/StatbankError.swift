import Foundation
import Tables

/// A statbank failure as one line: what went wrong, for which table, dimension or value, and which request.
public struct StatbankError: DiagnosticError, Sendable, Equatable {
    public var message: String
    public var span: SourceSpan?
    public var hint: String?
    /// The HTTP status, when the server answered with an error.
    public var status: Int?
    public init(_ message: String, span: SourceSpan? = nil, hint: String? = nil, status: Int? = nil) {
        self.message = message; self.span = span; self.hint = hint; self.status = status
    }

    /// The error of an unsuccessful reply: an RFC 7807 problem document (`title`, `detail`, `errors`), the v1
    /// `{"error": …}` body, or the status line alone. `what` names the request (`table 05300 data`).
    public static func fromResponse(status: Int, body: Data, what: String) -> StatbankError {
        var detail: String? = nil
        // A body that is not JSON gives no detail; the status and what was asked still make the message.
        if let root = try? JSONStatParser.parse(body) {
            var parts: [String] = []
            if let t = root["title"]?.stringValue { parts.append(t) }
            if let d = root["detail"]?.stringValue, d != parts.first { parts.append(d) }
            // ASP.NET validation problems: "errors": {"field": ["message", …]}
            for (field, v) in root["errors"]?.objectMembers ?? [] {
                let msgs = (v.arrayElements ?? [v]).compactMap(\.stringValue)
                parts.append(msgs.isEmpty ? field : "\(field): \(msgs.joined(separator: "; "))")
            }
            if let e = root["error"]?.stringValue { parts.append(e) }
            if !parts.isEmpty { detail = parts.joined(separator: ": ") }
        }
        if detail == nil, let text = String(data: body.prefix(300), encoding: .utf8)?
            .trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty, !text.hasPrefix("<") {
            detail = text
        }
        let oneLine = (detail ?? HTTPStatus.reason(status)).replacingOccurrences(of: "\n", with: " ")
        var hint: String? = nil
        switch status {
        case 404: hint = "check the table id with `ssb search WORDS`"
        case 400: hint = "`ssb describe ID` lists the dimensions and their values"
        case 403: hint = "the selection may be larger than the server allows"
        default: break
        }
        return StatbankError("\(what): HTTP \(status): \(oneLine)", hint: hint, status: status)
    }
}

enum HTTPStatus {
    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "status \(status)"
        }
    }
}
