import Tables
import Query
import Planning

/// The `plan` pipeline head (municipal planning, issue 16): runs `PlanCommand` over the session's
/// datasets, so `plan demand population=pop users=users fte=fte to=2040 | where year = 2040` flows on.
extension SessionResolver {
    func runPlan(_ command: CommandArguments) throws -> Table {
        let registry = session.registry
        return try PlanCommand.run(command, dataset: { name, span in try registry.table(named: name, span: span) })
    }
}

/// The long help of `plan` (its `StatementRegistry` entry shows it).
enum PlanStatements {
    /// The forms and input columns (multi-line; `help plan` prints it).
    static let usage = PlanCommand.help
}
