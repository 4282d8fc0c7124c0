import Testing
import Tables
import Query
@testable import Charts

@Suite struct ChartSpecTests {
    func error(_ text: String) -> Diagnostic? {
        do { _ = try Fixtures.spec(text); return nil } catch let d as Diagnostic { return d } catch { return nil }
    }

    @Test func readsEveryOption() throws {
        let spec = try Fixtures.spec("chart bar x=occupation y=gap by=scenario title=\"Gap i årsverk\" width=100 height=20 sort=desc log")
        #expect(spec.kind == .bar)
        #expect(spec.x == "occupation" && spec.y == "gap" && spec.by == "scenario")
        #expect(spec.title == "Gap i årsverk")
        #expect(spec.width == 100 && spec.height == 20)
        #expect(spec.sort == .desc)
        #expect(spec.log)
        #expect(spec.xSpan == SourceSpan(start: 12, end: 22))
        let hist = try Fixtures.spec("chart hist x=age bins=12")
        #expect(hist.kind == .hist && hist.bins == 12 && !hist.log)
    }

    @Test func unknownKindNamesTheNearestAndListsKinds() throws {
        let d = try #require(error("chart lines x=year y=fte"))
        #expect(d.message == "unknown chart kind `lines`")
        #expect(d.span == SourceSpan(start: 6, end: 11))
        #expect(d.hint == "did you mean `line`? kinds: bar, column, line, hist, scatter, spark")
        let none = try #require(error("chart"))
        #expect(none.message == "chart needs a kind")
    }

    @Test func unknownOptionHasSpanAndHint() throws {
        let d = try #require(error("chart bar x=a y=b titel=\"x\""))
        #expect(d.message == "unknown chart option `titel`")
        #expect(d.span == SourceSpan(start: 18, end: 27))
        #expect(d.hint == "did you mean `title`?")
        let stray = try #require(error("chart bar x=a y=b sideways"))
        #expect(stray.message == "unexpected word `sideways` in chart")
        #expect(stray.span == SourceSpan(start: 18, end: 26))
    }

    @Test func missingColumnsAreReportedAtTheKind() throws {
        let noY = try #require(error("chart line x=year"))
        #expect(noY.message == "line chart needs y=COL")
        #expect(noY.span == SourceSpan(start: 6, end: 10))
        let noX = try #require(error("chart scatter y=fte"))
        #expect(noX.message == "scatter chart needs x=COL")
        #expect(try #require(error("chart hist")).message.hasPrefix("hist chart needs x=COL"))
        #expect(try #require(error("chart spark x=year")).message.hasPrefix("spark chart needs y=COL"))
        #expect(try #require(error("chart hist x=a y=b")).message.hasPrefix("hist chart counts one column"))
    }

    @Test func badValuesAreRejected() throws {
        let w = try #require(error("chart bar x=a y=b width=5"))
        #expect(w.message == "width= must be a whole number from 20 to 1000")
        #expect(w.span == SourceSpan(start: 24, end: 25))
        #expect(try #require(error("chart bar x=a y=b sort=up")).message == "sort= must be asc or desc")
        #expect(try #require(error("chart bar x=a y=b bins=10")).message == "bins= applies to hist charts only")
        #expect(try #require(error("chart line x=a y=b sort=asc")).message == "sort= applies to bar and column charts only")
        #expect(try #require(error("chart hist x=a log")).message.hasPrefix("log applies to"))
        #expect(try #require(error("chart bar x=a y=b x=c")).message == "option `x` given twice")
        #expect(try #require(error("chart bar x=a y=b title")).message == "option `title` needs a value")
    }
}

@Suite struct RenderErrorTests {
    func renderError(_ table: Table, _ step: String) -> Diagnostic? {
        do {
            _ = try ChartRenderer.render(table, spec: Fixtures.spec(step), style: ChartStyle(width: 80))
            return nil
        } catch let d as Diagnostic { return d } catch { return nil }
    }

    @Test func unknownColumnSuggestsTheNearest() throws {
        let d = try #require(renderError(Fixtures.gap(), "chart bar x=ocupation y=mid_2040"))
        #expect(d.message == "unknown column `ocupation`")
        #expect(d.span == SourceSpan(start: 12, end: 21))
        #expect(d.hint == "did you mean `occupation`?")
        let far = try #require(renderError(Fixtures.gap(), "chart bar x=occupation y=zzz"))
        #expect(far.hint == "columns: `occupation`, `gap_2019_fte`, `low_2040`, `mid_2040`, `high_2040`")
        // Accent-folded: `arsverk` finds `årsverk`.
        let t = Table([("år", Column(ints: [2020])), ("årsverk", Column(doubles: [1]))])
        #expect(try #require(renderError(t, "chart line x=ar y=arsverk")).hint == "did you mean `år`?")
    }

    @Test func textWhereNumbersAreNeeded() throws {
        let d = try #require(renderError(Fixtures.gap(), "chart bar x=occupation y=occupation"))
        #expect(d.message == "y=occupation must be numeric for a bar chart, but `occupation` is text")
        #expect(d.span == SourceSpan(start: 25, end: 35))
        let line = try #require(renderError(Fixtures.gap(), "chart line x=occupation y=mid_2040"))
        #expect(line.hint == "use `chart bar` or `chart column` for a text x axis")
        let by = try #require(renderError(Fixtures.gap(), "chart line x=low_2040 y=mid_2040 by=scenario"))
        #expect(by.message == "unknown column `scenario`")
    }

    @Test func logScaleNeedsPositiveValues() throws {
        let d = try #require(renderError(Fixtures.gap(), "chart bar x=occupation y=gap_2019_fte log"))
        #expect(d.message.hasPrefix("log scale needs positive values"))
        #expect(d.span == SourceSpan(start: 38, end: 41))
        // Some positive: the rest are left out with a note.
        let lines = try ChartRenderer.render(Fixtures.gap(), spec: Fixtures.spec("chart bar x=occupation y=low_2040 log"),
                                             style: ChartStyle(width: 80))
        #expect(lines.contains("7 non-positive values left out (log scale)"))
        #expect(lines.filter { $0.contains("│") }.count == 7)
    }
}
