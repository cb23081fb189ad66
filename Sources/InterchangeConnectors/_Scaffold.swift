// scaffold
import AsyncHTTPClient
