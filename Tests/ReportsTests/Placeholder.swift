import Testing
@testable import Reports
@Test func ReportsBuilds() { #expect(Bool(true)) }
