/// Excel's date serials: days since 1899-12-30 (the 1900 system, which counts a 29 February 1900 that never
/// was, so serials below 61 are one day off and are read as such), or since 1904-01-01 (`date1904`).
enum ExcelDate {
    /// Days from 1970-01-01 to the civil date (proleptic Gregorian; Howard Hinnant's algorithm).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 1899-12-30 and 1904-01-01 as days since 1970-01-01.
    static let epoch1900 = days(year: 1899, month: 12, day: 30)
    static let epoch1904 = days(year: 1904, month: 1, day: 1)

    /// `2024-01-31`, `2024-01-31 12:30:00` (with `time`, or when the serial has a time of day), or
    /// `12:30:00` for `timeOnly`. Rounded to the second. Nil for serials outside 0001–9999.
    static func text(serial: Double, date1904: Bool, time: Bool, timeOnly: Bool = false) -> String? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        var seconds = Int((serial * 86_400).rounded())
        var dayNumber = seconds / 86_400
        seconds -= dayNumber * 86_400
        // Below 60 the 1900 system counts from 1899-12-31; 60 is its phantom 1900-02-29 (read as 02-28).
        if !date1904 && dayNumber < 60 { dayNumber += 1 }
        let (y, m, d) = civil((date1904 ? epoch1904 : epoch1900) + dayNumber)
        let clock = pad(seconds / 3600) + ":" + pad(seconds / 60 % 60) + ":" + pad(seconds % 60)
        if timeOnly { return clock }
        let date = String(y) + "-" + pad(m) + "-" + pad(d)
        return time || seconds != 0 ? date + " " + clock : date
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }

    /// The serial of `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (and whether it has a time), for dates from
    /// 1900-03-01 to 9999-12-31 (where the 1900 system is exact); nil for anything else.
    static func serial(_ s: String) -> (serial: Double, hasTime: Bool)? {
        let u = Array(s.utf8)
        guard u.count == 10 || u.count == 19 else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r { guard u[i] >= 48 && u[i] <= 57 else { return nil }; n = n * 10 + Int(u[i] - 48) }
            return n
        }
        guard u[4] == 45, u[7] == 45, let y = num(0..<4), let m = num(5..<7), let d = num(8..<10),
              (1...12).contains(m), d >= 1 else { return nil }
        let monthDays = [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard d <= monthDays[m - 1] else { return nil }
        let dayNumber = days(year: y, month: m, day: d) - epoch1900
        guard dayNumber >= 61 else { return nil }
        guard u.count == 19 else { return (Double(dayNumber), false) }
        guard u[10] == 32, u[13] == 58, u[16] == 58, let h = num(11..<13), let mi = num(14..<16), let se = num(17..<19),
              h < 24, mi < 60, se < 60 else { return nil }
        return (Double(dayNumber) + Double(h * 3600 + mi * 60 + se) / 86_400, true)
    }

    /// Whether a number format shows a date or a time: `d`, `y`, `m` (month), `h`, `s` outside quotes,
    /// escapes and `[…]` sections (colours, locales; `[h]` elapsed hours count as a time).
    static func kind(ofFormat code: String) -> (date: Bool, time: Bool) {
        var date = false, time = false
        var inQuote = false
        var chars = code.lowercased().makeIterator()
        var bracket = ""
        var inBracket = false
        while let c = chars.next() {
            if inQuote { if c == "\"" { inQuote = false }; continue }
            if inBracket {
                if c == "]" {
                    inBracket = false
                    if ["h", "hh", "m", "mm", "s", "ss"].contains(bracket) { time = true }
                } else { bracket.append(c) }
                continue
            }
            switch c {
            case "\"": inQuote = true
            case "\\", "_", "*": _ = chars.next()
            case "[": inBracket = true; bracket = ""
            case ";": return (date, time)  // the first section decides
            case "d", "y": date = true
            case "m": date = true
            case "h", "s": time = true
            case "e" where !date: break
            default: break
            }
        }
        // `mm` next to `h` or `s` is minutes, not months.
        if time && !code.lowercased().contains(where: { $0 == "d" || $0 == "y" }) { date = false }
        return (date, time)
    }

    /// Excel's built-in number formats that show dates (14–17, 22, 27–36, 50–58) or times (18–21, 45–47).
    static func builtinKind(_ id: Int) -> (date: Bool, time: Bool)? {
        switch id {
        case 14...17, 27...36, 50...58: return (true, false)
        case 22: return (true, true)
        case 18...21, 45...47: return (false, true)
        default: return nil
        }
    }
}
