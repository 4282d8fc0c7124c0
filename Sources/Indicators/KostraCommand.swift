import Query
import Tables

/// `kostra on DATASET [layout=finest|memberships] [column=kostra_function] [year=year]`: the dataset with
/// a `service_group` column from its KOSTRA function codes (see `Kostra` for the two layouts), and
/// `kostra` alone: the table of functions and the groups they belong to.
public enum KostraCommand {
    public static func run(_ args: CommandArguments, dataset: (String) throws -> Table) throws -> Table {
        let pos = args.positional
        if pos.isEmpty, args.words.isEmpty { return Kostra.table() }
        guard pos.count == 2, pos[0].text.lowercased() == "on" else {
            throw Diagnostic("expected `kostra on DATASET`", span: pos.first?.span ?? args.commandSpan,
                             hint: "kostra on DATASET [layout=finest|memberships]; `kostra` alone lists the functions")
        }
        var layout = Kostra.Layout.finest
        var column = "kostra_function", yearColumn = "year"
        for w in args.words where w.key != nil {
            switch w.key! {
            case "layout":
                guard let l = Kostra.Layout(rawValue: w.value.lowercased()) else {
                    throw Diagnostic("layout must be `finest` or `memberships`", span: w.valueSpan)
                }
                layout = l
            case "column": column = w.value
            case "year": yearColumn = w.value
            default:
                throw Diagnostic("unknown argument `\(w.key!)`", span: w.span, hint: "arguments: layout=, column=, year=")
            }
        }
        let data: Table
        do {
            data = try dataset(pos[1].text)
        } catch let e as any DiagnosticError where e.span == nil {
            throw Diagnostic(e.message, span: pos[1].span, hint: e.hint)
        }
        return try Kostra.addServiceGroup(to: data, functionColumn: column, yearColumn: yearColumn, layout: layout,
                                          span: pos[1].span)
    }
}
