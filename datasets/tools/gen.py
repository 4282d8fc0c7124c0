import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from common import *
import helsemod, nou_other, evaluation, facts, indicator_sources
from check import check_all
write_all(); check_all()
from catalog import write_catalog
write_catalog()
for d in sorted(DATASETS, key=lambda d: d['name']): print(f"{d['name']:48s} {len(d['rows']):4d}")
