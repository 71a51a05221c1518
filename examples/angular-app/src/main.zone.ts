// The zone.js build (`ng build --configuration production,zone`): zone.js is
// loaded as a polyfill and change detection runs when the Angular zone settles.
import { provideZoneChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { appConfig } from './app/app.config';
import { ChatComponent } from './app/chat.component';

bootstrapApplication(
  ChatComponent,
  appConfig(provideZoneChangeDetection({ eventCoalescing: true })),
).catch((error: unknown) => console.error(error));
