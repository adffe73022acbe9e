"""Local development: DEBUG on unless the environment says otherwise."""

from .base import *

DEBUG = env_bool("DEBUG", True)
