/// `_xHHHH_` escapes (OOXML's way to write characters XML 1.0 cannot hold, and `_x005F_` for a literal `_`).
enum OOXMLEscape {
    static func decode(_ s: String) -> String {
        guard s.contains("_x") else { return s }
        var out = ""
        let u = Array(s.unicodeScalars)
        var i = 0
        while i < u.count {
            if u[i] == "_", i + 6 < u.count, u[i + 1] == "x", u[i + 6] == "_",
               let v = UInt32(String(String.UnicodeScalarView(u[(i + 2)..<(i + 6)])), radix: 16), let scalar = Unicode.Scalar(v) {
                out.unicodeScalars.append(scalar)
                i += 7
            } else {
                out.unicodeScalars.append(u[i])
                i += 1
            }
        }
        return out
    }
}
