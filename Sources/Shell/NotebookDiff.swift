/// A line diff in unified format (`--- a`, `+++ b`, `@@ -l,n +l,n @@` hunks with three lines of context),
/// for `hws check` to show where a notebook's output changed.
public enum NotebookDiff {
    enum Edit: Equatable { case same(Int, Int), delete(Int), insert(Int) }

    /// The unified diff of `old` against `new`, or nil when they are equal.
    public static func unified(old: [String], new: [String], oldName: String = "expected", newName: String = "actual",
                               context: Int = 3) -> String? {
        guard old != new else { return nil }
        let edits = script(old, new)
        let changes = edits.indices.filter { if case .same = edits[$0] { return false }; return true }
        // Changes closer than 2*context lines share a hunk.
        var groups: [[Int]] = []
        for c in changes {
            if let last = groups.last?.last, c - last <= 2 * context { groups[groups.count - 1].append(c) } else { groups.append([c]) }
        }
        var out = ["--- \(oldName)", "+++ \(newName)"]
        for group in groups {
            let from = max(0, group.first! - context), to = min(edits.count, group.last! + context + 1)
            var oldLine = 0, newLine = 0
            for edit in edits[..<from] {
                switch edit {
                case .same: oldLine += 1; newLine += 1
                case .delete: oldLine += 1
                case .insert: newLine += 1
                }
            }
            var oldCount = 0, newCount = 0
            var body: [String] = []
            for edit in edits[from..<to] {
                switch edit {
                case let .same(o, _): oldCount += 1; newCount += 1; body.append(" " + old[o])
                case let .delete(o): oldCount += 1; body.append("-" + old[o])
                case let .insert(n): newCount += 1; body.append("+" + new[n])
                }
            }
            // A side with no lines in the hunk is named by the line before it.
            let o = oldCount == 0 ? oldLine : oldLine + 1
            let n = newCount == 0 ? newLine : newLine + 1
            out.append("@@ -\(o),\(oldCount) +\(n),\(newCount) @@")
            out.append(contentsOf: body)
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The shortest edit script by longest common subsequence (outputs are small: a few hundred lines).
    static func script(_ a: [String], _ b: [String]) -> [Edit] {
        // Trim a common prefix and suffix first; it keeps the table small in the usual case.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
              a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let n = a.count - prefix - suffix, m = b.count - prefix - suffix
        var lcs = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lcs[i][j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
        }
        var edits: [Edit] = (0..<prefix).map { .same($0, $0) }
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[prefix + i] == b[prefix + j] {
                edits.append(.same(prefix + i, prefix + j)); i += 1; j += 1
            } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
                edits.append(.delete(prefix + i)); i += 1
            } else {
                edits.append(.insert(prefix + j)); j += 1
            }
        }
        for k in 0..<suffix { edits.append(.same(a.count - suffix + k, b.count - suffix + k)) }
        return edits
    }
}
