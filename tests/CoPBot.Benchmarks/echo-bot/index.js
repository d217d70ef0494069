// The comparison bot of the turn-rate benchmark (issue 11): the official Bot Framework JS SDK's echo bot,
// anonymous (no app id, so no token check), replying through the connector with the text it received.
const restify = require('restify');
const { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } = require('botbuilder');

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => console.error(error);

class EchoBot extends ActivityHandler {
    constructor() {
        super();
        this.onMessage(async (context, next) => {
            await context.sendActivity(context.activity.text);
            await next();
        });
    }
}

const bot = new EchoBot();
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => adapter.process(req, res, (context) => bot.run(context)));
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`echo bot listening on ${process.env.PORT}`));
