import { bootstrapApplication } from '@angular/platform-browser';
import { ChatComponent } from './chat.component';
import { TEXT_STREAM_URL } from './text-stream.service';

bootstrapApplication(ChatComponent, {
  providers: [{ provide: TEXT_STREAM_URL, useValue: 'wss://agent.example.com/agent/text-stream' }],
}).catch((error: unknown) => console.error(error));
