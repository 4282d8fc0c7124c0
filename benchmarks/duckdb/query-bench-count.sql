CREATE TABLE register AS SELECT * FROM read_csv('register.csv');
CREATE TABLE municipalities AS SELECT * FROM read_csv('municipalities.csv');
.timer on
SELECT count(*) FROM register WHERE occupation = 'Sykepleier' AND age >= 50 AND position_pct < 100;
SELECT count(*) FROM register WHERE occupation = 'Sykepleier' AND age >= 50 AND position_pct < 100;
SELECT count(*) FROM register WHERE occupation = 'Sykepleier' AND age >= 50 AND position_pct < 100;
SELECT count(*) FROM (SELECT year, municipality, occupation, count(*) AS n, sum(fte) AS fte, avg(position_pct) AS position, sum(sick_days) AS sick FROM register GROUP BY year, municipality, occupation);
SELECT count(*) FROM (SELECT year, municipality, occupation, count(*) AS n, sum(fte) AS fte, avg(position_pct) AS position, sum(sick_days) AS sick FROM register GROUP BY year, municipality, occupation);
SELECT count(*) FROM (SELECT year, municipality, occupation, count(*) AS n, sum(fte) AS fte, avg(position_pct) AS position, sum(sick_days) AS sick FROM register GROUP BY year, municipality, occupation);
SELECT count(*), sum(population) FROM register JOIN municipalities USING (municipality);
SELECT count(*), sum(population) FROM register JOIN municipalities USING (municipality);
SELECT count(*), sum(population) FROM register JOIN municipalities USING (municipality);
