// scaffold
import GRDB
