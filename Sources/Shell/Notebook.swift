import Foundation

/// A Markdown notebook: prose, and cells made of a fenced ```hws block (a statement) followed by a plain
/// fenced block (its output). Other fenced blocks (```bash, ```text …) and all prose are kept as they
/// are and ignored, so a README can be a notebook.
public struct Notebook: Sendable {
    /// One statement and the output written under it.
    public struct Cell: Sendable, Equatable {
        /// The statement (the hws block's content).
        public var statement: String
        /// 1-based line of the statement's first line in the file.
        public var line: Int
        /// The output block's content lines (without fences), or nil when the cell has no output block.
        public var output: [String]?
        /// Index in `lines` of the closing fence of the hws block.
        var statementEnd: Int
        /// Indices in `lines` of the output block's content (between its fences).
        var outputRange: Range<Int>?
    }

    /// The file's lines.
    public var lines: [String]
    public var cells: [Cell]

    /// Reads notebook text.
    public init(text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
        var cells: [Cell] = []
        var i = 0
        while i < lines.count {
            guard let open = Notebook.fence(lines[i]) else { i += 1; continue }
            let close = Notebook.closingFence(in: lines, from: i + 1, ticks: open.ticks)
            guard open.info == "hws" else { i = close + 1; continue }
            let statement = lines[(i + 1)..<min(close, lines.count)].joined(separator: "\n")
            var cell = Cell(statement: statement, line: i + 2, output: nil, statementEnd: close, outputRange: nil)
            // The plain block right after it (blank lines between are allowed) is its output.
            var j = close + 1
            while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces).isEmpty { j += 1 }
            if j < lines.count, let out = Notebook.fence(lines[j]), out.info.isEmpty {
                let outClose = Notebook.closingFence(in: lines, from: j + 1, ticks: out.ticks)
                let range = (j + 1)..<min(outClose, lines.count)
                cell.output = Array(lines[range])
                cell.outputRange = range
                i = outClose + 1
            } else {
                i = close + 1
            }
            if !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { cells.append(cell) }
        }
        self.cells = cells
    }

    /// The notebook with each cell's output replaced by `outputs[k]` (an output block is added where a
    /// cell had none and its output is not empty); everything else is kept line for line.
    public func replacingOutputs(_ outputs: [String]) -> [String] {
        var result: [String] = []
        var next = 0
        for (k, cell) in cells.enumerated() where k < outputs.count {
            let new = Notebook.outputLines(outputs[k])
            if let range = cell.outputRange {
                result.append(contentsOf: lines[next..<range.lowerBound])
                result.append(contentsOf: new)
                next = range.upperBound
            } else if !new.isEmpty {
                let end = min(cell.statementEnd, lines.count - 1)
                result.append(contentsOf: lines[next...end])
                let fence = Notebook.fenceFor(new)
                result.append("")
                result.append(fence)
                result.append(contentsOf: new)
                result.append(fence)
                next = end + 1
            }
        }
        if next < lines.count { result.append(contentsOf: lines[next...]) }
        return result
    }

    /// Writes a notebook: a title, a note on how it was made, then one cell per statement.
    public static func render(title: String, intro: [String] = [],
                              cells: [(notes: [String], statement: String, output: String)]) -> String {
        var out = ["# \(title)", ""]
        if !intro.isEmpty { out += intro + [""] }
        for cell in cells {
            if !cell.notes.isEmpty { out += cell.notes + [""] }
            guard !cell.statement.isEmpty else { continue }  // prose only
            let statementLines = cell.statement.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let fence = fenceFor(statementLines)
            out += [fence + "hws"] + statementLines + [fence, ""]
            let output = outputLines(cell.output)
            if !output.isEmpty {
                let fence = fenceFor(output)
                out += [fence] + output + [fence, ""]
            }
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    /// Output as it is written and compared: trailing white space of each line and trailing blank lines
    /// dropped (Markdown editors strip them; they carry no meaning in a table or chart).
    public static func outputLines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var s = Substring(line)
            while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
            return String(s)
        }
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Three backticks, or more when the content itself has a line of backticks.
    static func fenceFor(_ content: [String]) -> String {
        var longest = 2
        for line in content {
            let ticks = line.trimmingCharacters(in: .whitespaces).prefix { $0 == "`" }.count
            longest = max(longest, ticks)
        }
        return String(repeating: "`", count: longest + 1)
    }

    /// A fence line: up to three spaces, three or more backticks, then the info string.
    static func fence(_ line: String) -> (ticks: Int, info: String)? {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        let ticks = rest.prefix { $0 == "`" }.count
        guard ticks >= 3 else { return nil }
        let info = rest.dropFirst(ticks).trimmingCharacters(in: .whitespaces)
        guard !info.contains("`") else { return nil }
        return (ticks, info.split(separator: " ").first.map { String($0).lowercased() } ?? "")
    }

    /// The index of the line closing a block opened with `ticks` backticks (lines.count if unclosed).
    static func closingFence(in lines: [String], from start: Int, ticks: Int) -> Int {
        var i = start
        while i < lines.count {
            if let f = fence(lines[i]), f.info.isEmpty, f.ticks >= ticks { return i }
            i += 1
        }
        return lines.count
    }
}
