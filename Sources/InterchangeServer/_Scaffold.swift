// scaffold
import Prometheus
import ServiceLifecycle
