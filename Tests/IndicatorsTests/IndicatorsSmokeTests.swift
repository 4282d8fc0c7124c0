import Testing
@testable import Indicators
