/// Column-name rules shared by every reader, so a file's columns get the same names whatever its format.
public enum ColumnNames {
    /// `x`, `x` → `x`, `x_2`; empty → `column_N`. Returns the names and a description of each change.
    public static func unique(_ names: [String]) -> (names: [String], renamed: [String]) {
        CSVParseJob.uniqueNames(names)
    }
}
