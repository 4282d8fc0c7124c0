import sys, time, urllib.request
from pyjstat import pyjstat
t = time.time()
body = urllib.request.urlopen(sys.argv[1]).read().decode('utf-8')
ds = pyjstat.Dataset.read(body)
df = ds.write('dataframe')
print(len(df), df['value'].sum(), f"{time.time()-t:.2f}s")
