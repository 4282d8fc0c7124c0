import Testing
@testable import Charts

@Suite struct NiceScaleTests {
    @Test func roundTicksForWorkforceRanges() {
        #expect(NiceScale.ticks(min: 0, max: 29700) == [0, 10000, 20000, 30000])
        #expect(NiceScale.ticks(min: -50000, max: 2600) == [-60000, -40000, -20000, 0, 20000])
        #expect(NiceScale.ticks(min: 1850, max: 6800) == [0, 2000, 4000, 6000, 8000])
        #expect(NiceScale.ticks(min: 0.06, max: 0.78) == [0, 0.2, 0.4, 0.6, 0.8])
        #expect(NiceScale.ticks(min: 2014, max: 2022, maxTicks: 5, integer: true) == [2014, 2016, 2018, 2020, 2022])
        #expect(NiceScale.ticks(min: 1e-4, max: 2.5e-4) == [1e-4, 1.5e-4, 2e-4, 2.5e-4])
        #expect(NiceScale.ticks(min: 0, max: 1.2e9) == [0, 5e8, 1e9, 1.5e9])
    }

    @Test func betweenThreeAndSixTicksCoveringTheData() {
        var state: UInt64 = 7
        func random() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<2000 {
            let magnitude = pow(10, random() * 16 - 6)
            let a = (random() - 0.5) * magnitude, b = a + random() * magnitude
            let t = NiceScale.ticks(min: a, max: b)
            #expect((3...6).contains(t.count), "\(a)…\(b): \(t)")
            #expect(t.first! <= a && t.last! >= b, "\(a)…\(b): \(t)")
            let step = t[1] - t[0]
            let mantissa = step / pow(10, log10(step).rounded(.down))
            #expect([1, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }, "step \(step)")
        }
    }

    @Test func equalBoundsAreWidened() {
        #expect(NiceScale.ticks(min: 0, max: 0).count >= 3)
        #expect(NiceScale.ticks(min: 2040, max: 2040, integer: true) == [2039, 2040, 2041])
        let t = NiceScale.ticks(min: -29700, max: -29700)
        #expect(t.first! < -29700 && t.last! > -29700)
        #expect(NiceScale.ticks(min: .nan, max: 1).isEmpty)
    }

    @Test func integerAxesNeverStepBelowOne() {
        #expect(NiceScale.ticks(min: 1, max: 3, integer: true) == [1, 2, 3])
        #expect(NiceScale.ticks(min: 0, max: 1, integer: true) == [0, 1])
    }

    @Test func decimalsFollowTheStep() {
        #expect(NiceScale.decimals(forStep: 10000) == 0)
        #expect(NiceScale.decimals(forStep: 1) == 0)
        #expect(NiceScale.decimals(forStep: 0.5) == 1)
        #expect(NiceScale.decimals(forStep: 0.2) == 1)
        #expect(NiceScale.decimals(forStep: 0.05) == 2)
        #expect(NiceScale.decimals(forStep: 2e-5) == 5)
    }

    @Test func logTicksArePowersOfTen() {
        #expect(NiceScale.logTicks(min: 3, max: 30000) == [1, 10, 100, 1000, 10000, 100000])
        #expect(NiceScale.logTicks(min: 3, max: 30000, maxTicks: 4) == [1, 100, 10000, 1000000])
        #expect(NiceScale.logTicks(min: 20, max: 80) == [20, 50, 100])
        #expect(NiceScale.logTicks(min: 1, max: 1e12).count <= 6)
        #expect(NiceScale.logTicks(min: 0, max: 10).isEmpty)
    }
}

import Foundation
