import Testing
@testable import Query
