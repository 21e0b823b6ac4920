"""The Spark job's entry point for spark-submit (docs/spark.md):

    spark-submit --master yarn --archives marsad-env.tar.gz#env ... spark/marsad_job.py INPUT... --output OUT
"""
import sys

from marsad.spark import main

sys.exit(main())
