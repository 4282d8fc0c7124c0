import Foundation
import Testing
import Tables
@testable import Projection

/// Bad inputs are errors that name the table, the row and the column.
@Suite("Input validation")
struct InputValidationTests {
    func message(_ edit: (inout SmallInputs) -> Void) -> String? {
        var s = SmallInputs()
        edit(&s)
        do { _ = try s.inputs(); return nil } catch let e as ProjectionInputError { return e.message } catch { return "\(error)" }
    }

    @Test func missingColumn() throws {
        var s = SmallInputs()
        let t = try s.table("stock", s.stock).selecting(["year", "occupation", "sex", "age"])
        s.stock = []
        do {
            _ = try ProjectionInputs(population: s.table("population", s.population), stock: t, flows: s.table("flows", s.flows),
                                     labour: s.table("labour", s.labour), services: s.table("services", s.services),
                                     userRates: s.table("user_rates", s.userRates), serviceMix: s.table("service_mix", s.serviceMix))
            Issue.record("no error")
        } catch let e as ProjectionInputError {
            #expect(e.message.hasPrefix("table `stock`, column `persons`: missing column `persons`"))
            #expect(e.hint?.contains("`age`") == true)
        }
    }

    @Test func negativeCount() {
        let m = message { $0.stock[1][4] = .double(-3) }
        #expect(m == "table `stock`, row 2, column `persons`: negative count -3")
    }

    @Test func rateOutsideUnitInterval() {
        #expect(message { $0.flows[2][4] = .double(1.5) } == "table `flows`, row 3, column `exit_rate`: rate 1.5 outside [0, 1]")
        #expect(message { $0.labour[0][3] = .double(-0.1) } == "table `labour`, row 1, column `participation`: rate -0.1 outside [0, 1]")
        #expect(message { $0.userRates[1][3] = .double(2) } == "table `user_rates`, row 2, column `rate`: rate 2 outside [0, 1]")
    }

    @Test func yearsThatDoNotLineUp() {
        let gap = message { s in s.population.removeAll { $0[0] == .int(2020) } }
        #expect(gap == "table `population`, column `year`: years do not line up: 2020 is missing between 2019 and 2021")
        let stock = message { $0.stock[2][0] = .int(2020) }
        #expect(stock == "table `stock`, row 3, column `year`: year 2020 does not line up with the base year 2019 of `population`")
        let service = message { $0.services[0][1] = .int(2018) }
        #expect(service == "table `services`, row 1, column `year`: year 2018 does not line up with the base year 2019 of `population`")
    }

    @Test func unknownNamesAndDuplicates() {
        let m = message { $0.flows[0][0] = .string("Tset") }
        #expect(m == "table `flows`, row 1, column `occupation`: unknown occupation `Tset` (not in `stock`)")
        let sex = message { $0.labour[1][1] = .string("x") }
        #expect(sex == "table `labour`, row 2, column `sex`: unknown sex `x`")
        let dup = message { $0.flows[1][2] = .int(0) }
        #expect(dup == "table `flows`, row 2: duplicate row for Test, kvinner, age 0")
        let age = message { $0.stock[0][3] = .int(7) }
        #expect(age == "table `stock`, row 1, column `age`: age 7 is above 2")
        let mix = message { $0.serviceMix[0][2] = .double(1.2) }
        #expect(mix == "table `service_mix`, row 1, column `share`: share 1.2 outside [0, 1]")
    }

    @Test func entryOriginNeedsEveryOccupation() throws {
        var s = SmallInputs()
        s.stock.append([.int(2019), .string("Lege"), .string("kvinner"), .int(1), .double(5)])
        func inputs(_ origin: [[Value]]) throws -> ProjectionInputs {
            try ProjectionInputs(population: s.table("population", s.population), stock: s.table("stock", s.stock),
                                 flows: s.table("flows", s.flows), labour: s.table("labour", s.labour),
                                 services: s.table("services", s.services), userRates: s.table("user_rates", s.userRates),
                                 serviceMix: s.table("service_mix", s.serviceMix),
                                 entryOrigin: Table(names: ["occupation", "abroad_share"], rows: origin))
        }
        #expect {
            _ = try inputs([[.string("Test"), .double(0.2)]])
        } throws: { e in
            (e as? ProjectionInputError)?.message
                == "table `entry_origin`, column `occupation`: no row for Lege (every occupation of `stock` needs its share)"
        }
        #expect(try inputs([[.string("Lege"), .double(0.5)], [.string("Test"), .double(0.2)]]).entryAbroadShare == [0.2, 0.5])
        #expect(try SmallInputs().inputs().entryAbroadShare == nil)
    }

    /// A service with FTE but no users in the base year cannot be indexed; it was accepted silently once
    /// (its index defaults to 1, so a check on the index could never fire).
    @Test func serviceWithoutUsers() {
        let m = message { s in for i in s.userRates.indices { s.userRates[i][3] = .double(0) } }
        #expect(m == "table `user_rates`, column `rate`: service `Omsorg` has no users in the base year's population")
        // Users at one age are enough.
        #expect(message { s in for i in s.userRates.indices.dropFirst() { s.userRates[i][3] = .double(0) } } == nil)
    }

    @Test func emptyValue() {
        #expect(message { $0.flows[1][3] = .null } == "table `flows`, row 2, column `entries`: empty value")
    }

    /// Files load through CSVReader; an error names the file as well.
    @Test func loadFromDirectory() throws {
        var s = SmallInputs()
        let dir = try s.writeCSV()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let loaded = try ProjectionInputs.load(directory: dir)
        #expect(loaded.occupations == ["Test"])
        #expect(loaded.services == ["Omsorg"])
        s.flows[1][4] = .double(1.2)
        let bad = try s.writeCSV()
        defer { try? FileManager.default.removeItem(atPath: bad) }
        do { _ = try ProjectionInputs.load(directory: bad); Issue.record("no error") } catch let e as ProjectionInputError {
            #expect(e.message == "table `flows` (\(bad)/flows.csv), row 2, column `exit_rate`: rate 1.2 outside [0, 1]")
        }
        try FileManager.default.removeItem(atPath: bad + "/labour.csv")
        do { _ = try ProjectionInputs.load(directory: bad); Issue.record("no error") } catch let e as ProjectionInputError {
            #expect(e.message == "table `labour` (\(bad)/labour.csv): missing input file")
        }
    }

    /// The bundled inputs load and describe 14 occupations, 10 services and the years 2019–2060.
    @Test func bundledInputs() {
        let i = Fixtures.bundled
        #expect(i.occupations.count == 14)
        #expect(i.services.count == 10)
        #expect(i.baseYear == 2019 && i.lastYear == 2060 && i.ageCount == 100)
        let shortage: Double = 5_500 + 1_700 + 700 + 600 + 450 + 200
        #expect(i.baseShortage.reduce(0, +) == shortage)
        #expect(i.occupations.contains("Helsesekretær og tannhelsesekretær"))
    }
}
